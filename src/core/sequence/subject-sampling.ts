/**
 * New entities whose subject columns meet conditions and constraints. The model fixes the
 * conditioned subject cells itself while it draws (both sequence models write subject columns
 * first, so later columns and every event see the fixed values); every drawn subject is then
 * checked, and entities that break a rule are drawn again (reject sampling) within a bounded
 * number of tries. A rule too rare to meet ends with the entities found and a message.
 */
import type { SequenceSynthesizer } from '../models/sequence-contract';
import type { Rng } from '../rng';
import type { EntityTable } from './entity-table';
import { selectEntities } from './split-entities';
import { subjectValidator, type BoundSubjectRules } from './subject-rules';

export interface SubjectSamplingLimits {
  /** Most entities drawn in all (default 50 x wanted, at least 1,000). */
  maxDrawn?: number;
  /** Largest batch drawn at once (default 2,000 or wanted, whichever is more). */
  maxBatch?: number;
  signal?: AbortSignal;
}

export interface SubjectSampling {
  table: EntityTable;
  /** Entities drawn in all, kept or not. */
  drawn: number;
  partial: boolean;
  /** Why fewer entities came back, in the user's words; null when all did. */
  message: string | null;
}

/** Tables of the same template stacked (entities in order). */
function concatEntities(parts: readonly EntityTable[]): EntityTable {
  const first = parts[0] as EntityTable;
  const counts = parts.map((p) => p.keys.length);
  const total = counts.reduce((a, b) => a + b, 0);
  const eventStart = new Int32Array(total + 1);
  let e = 0;
  let offset = 0;
  for (const p of parts) {
    for (let k = 1; k <= p.keys.length; k += 1)
      eventStart[e + k] = offset + (p.eventStart[k] as number);
    e += p.keys.length;
    offset += p.eventStart[p.keys.length] as number;
  }
  return {
    ...first,
    keys: parts.flatMap((p) => p.keys),
    subjects: first.subjects.map((_, j) => parts.flatMap((p) => p.subjects[j] ?? [])),
    eventStart,
    events: first.events.map((_, j) => parts.flatMap((p) => p.events[j] ?? [])),
    orderValues: Float64Array.from(parts.flatMap((p) => Array.from(p.orderValues))),
  };
}

/**
 * `n` new entities whose subjects keep `rules`, with new keys (never a real key: the model's
 * own `newKeys`). Seeded: every draw comes from `rng`.
 *
 * @returns exactly `n` entities unless `partial` (then the ones found and a message).
 */
export async function sampleEntitiesUnderRules(
  model: SequenceSynthesizer,
  n: number,
  rng: Rng,
  rules: BoundSubjectRules,
  limits: SubjectSamplingLimits = {},
): Promise<SubjectSampling> {
  const maxDrawn = limits.maxDrawn ?? Math.max(1000, 50 * n);
  const maxBatch = Math.max(1, limits.maxBatch ?? Math.max(2000, n));
  const accept = subjectValidator(rules);
  const kept: EntityTable[] = [];
  let found = 0;
  let drawn = 0;
  let batch = Math.max(1, Math.min(maxBatch, n));
  let stop: string | null = null;
  while (found < n) {
    if (limits.signal?.aborted) {
      stop = 'sampling was stopped';
      break;
    }
    if (drawn >= maxDrawn) break;
    const t = await model.sample(Math.min(batch, maxDrawn - drawn), rng, { fixed: rules.fixed });
    drawn += t.keys.length;
    const mask = accept(t);
    const picked: number[] = [];
    for (let e = 0; e < t.keys.length && found + picked.length < n; e += 1)
      if (mask[e]) picked.push(e);
    if (picked.length > 0) kept.push(selectEntities(t, picked));
    found += picked.length;
    const rate = found / Math.max(1, drawn);
    // 20% more than the rate says; unknown rate: ten times the batch.
    batch = rate > 0 ? Math.ceil(((n - found) / rate) * 1.2) : batch * 10;
    batch = Math.max(1, Math.min(maxBatch, Math.max(batch, n - found)));
    if (t.keys.length === 0) {
      stop = 'the model returned no entities';
      break;
    }
  }
  const table =
    kept.length > 0
      ? concatEntities(kept)
      : selectEntities(await model.sample(1, rng, { fixed: rules.fixed }), []);
  const partial = found < n;
  const share = ((100 * found) / Math.max(1, drawn)).toPrecision(2);
  const message = partial
    ? `Only ${found.toLocaleString('en')} of the ${n.toLocaleString('en')} entities asked for were found after ${drawn.toLocaleString('en')} tries${stop ? ` (${stop})` : ''}: ${share}% of the entities drawn had subject columns that meet the conditions and constraints. The entities found are returned; loosen a condition or ask for fewer entities.`
    : null;
  return { table: { ...table, keys: model.newKeys(found) }, drawn, partial, message };
}
