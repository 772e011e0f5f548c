/** Setting entities aside for evaluation: a seeded split by entity, never by event. */
import type { Rng } from '../rng';
import type { EntityTable } from './entity-table';

/** The entities `indices` (in that order) as a table of their own. */
export function selectEntities(t: EntityTable, indices: readonly number[]): EntityTable {
  const eventStart = new Int32Array(indices.length + 1);
  const rows: number[] = [];
  indices.forEach((e, k) => {
    const from = t.eventStart[e] as number;
    const to = t.eventStart[e + 1] as number;
    for (let i = from; i < to; i += 1) rows.push(i);
    eventStart[k + 1] = (eventStart[k] as number) + (to - from);
  });
  return {
    ...t,
    keys: indices.map((e) => t.keys[e] as string),
    subjects: t.subjects.map((c) => indices.map((e) => c[e] ?? null)),
    eventStart,
    events: t.events.map((c) => rows.map((i) => c[i] ?? null)),
    orderValues: Float64Array.from(rows, (i) => t.orderValues[i] as number),
  };
}

/**
 * A seeded split: `share` of the entities (rounded, at least one when share > 0 and at least one
 * stays for training) set aside as the holdout, the rest for training, each in file order.
 */
export function splitEntities(
  t: EntityTable,
  share: number,
  rng: Rng,
): { train: EntityTable; holdout: EntityTable | null } {
  const n = t.keys.length;
  const k = share > 0 ? Math.min(n - 1, Math.max(1, Math.round(share * n))) : 0;
  if (k <= 0) return { train: t, holdout: null };
  const perm = rng.permutation(n);
  const held = new Uint8Array(n);
  for (let i = 0; i < k; i += 1) held[perm[i] as number] = 1;
  const train: number[] = [];
  const holdout: number[] = [];
  for (let e = 0; e < n; e += 1) (held[e] ? holdout : train).push(e);
  return { train: selectEntities(t, train), holdout: selectEntities(t, holdout) };
}
