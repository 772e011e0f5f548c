/**
 * Reject sampling: draw batches from a model, keep the rows a test accepts, until enough rows
 * are kept or the limits run out. When a condition or constraint is too rare to meet in
 * reasonable time, the rows found so far come back with `partial` and a message that says so.
 */
import type { DiscreteColumn, ModelColumn, ModelTable } from '../data/model-table';

export interface RejectLimits {
  /** Most rows drawn in all (default 200 x wanted, at least 10,000). */
  maxDrawn?: number;
  /** Most seconds spent (default 60). */
  maxSeconds?: number;
  /** Rows in the first batch (default wanted, at most maxBatch). */
  firstBatch?: number;
  /** Largest batch (default 50,000). */
  maxBatch?: number;
  signal?: AbortSignal;
}

export interface RejectResult {
  table: ModelTable;
  /** Rows drawn in all, kept or not. */
  drawn: number;
  /** True when fewer than `wanted` rows were found within the limits. */
  partial: boolean;
  /** Why the result is partial, in the user's words; null when it is complete. */
  message: string | null;
}

/** The rows of `t` where `mask` is 1, in order, at most `limit` of them. */
export function selectRows(t: ModelTable, mask: Uint8Array, limit = Infinity): ModelTable {
  const picked: number[] = [];
  for (let r = 0; r < t.rows && picked.length < limit; r += 1) if (mask[r]) picked.push(r);
  return {
    rows: picked.length,
    columns: t.columns.map((c): ModelColumn => {
      if (c.type === 'numeric')
        return { ...c, values: Float64Array.from(picked, (r) => c.values[r] as number) };
      return { ...c, codes: Int32Array.from(picked, (r) => c.codes[r] as number) };
    }),
  };
}

/** Tables with the same columns stacked; discrete levels are merged by their text. */
export function concatTables(tables: readonly ModelTable[]): ModelTable {
  const first = tables[0];
  if (!first) return { rows: 0, columns: [] };
  const rows = tables.reduce((n, t) => n + t.rows, 0);
  const columns = first.columns.map((head, k): ModelColumn => {
    const parts = tables.map((t) => {
      const c = t.columns[k];
      if (!c || c.name !== head.name || c.type !== head.type)
        throw new Error(`The sampled batches disagree on column ${head.name}.`);
      return c;
    });
    if (head.type === 'numeric') {
      const values = new Float64Array(rows);
      let at = 0;
      for (const p of parts) {
        if (p.type !== 'numeric') continue;
        values.set(p.values, at);
        at += p.values.length;
      }
      return { ...head, values };
    }
    return concatDiscrete(parts as DiscreteColumn[], rows);
  });
  return { rows, columns };
}

function concatDiscrete(parts: DiscreteColumn[], rows: number): DiscreteColumn {
  const head = parts[0] as DiscreteColumn;
  const levels = [...head.levels];
  const index = new Map(levels.map((l, i) => [l, i]));
  const codes = new Int32Array(rows);
  let at = 0;
  for (const p of parts) {
    const remap = p.levels.map((l) => {
      let i = index.get(l);
      if (i === undefined) {
        i = levels.length;
        levels.push(l);
        index.set(l, i);
      }
      return i;
    });
    for (const code of p.codes) codes[at++] = remap[code] ?? 0;
  }
  return { ...head, codes, levels };
}

/**
 * Draws until `wanted` rows pass `accept`, sizing each batch from the acceptance rate seen so
 * far. `accept` may keep state across calls (uniqueness), and is called once per batch.
 *
 * @param draw samples `n` rows in model form.
 * @param accept per row of a batch, 1 to keep it.
 * @returns exactly `wanted` rows unless partial; the rows found in draw order.
 */
export async function sampleWithRejection(
  draw: (n: number) => Promise<ModelTable>,
  accept: (t: ModelTable) => Uint8Array,
  wanted: number,
  limits: RejectLimits = {},
): Promise<RejectResult> {
  const maxDrawn = limits.maxDrawn ?? Math.max(10_000, wanted * 200);
  const maxMs = (limits.maxSeconds ?? 60) * 1000;
  const maxBatch = Math.max(1, limits.maxBatch ?? 50_000);
  const started = performance.now();
  const kept: ModelTable[] = [];
  let found = 0;
  let drawn = 0;
  let batch = Math.max(1, Math.min(maxBatch, limits.firstBatch ?? wanted));
  let stop: string | null = null;
  while (found < wanted) {
    if (limits.signal?.aborted) {
      stop = 'sampling was stopped';
      break;
    }
    if (drawn >= maxDrawn) {
      stop = `${drawn.toLocaleString('en')} rows were drawn`;
      break;
    }
    if (performance.now() - started > maxMs) {
      stop = `${Math.round(maxMs / 1000)} seconds passed`;
      break;
    }
    const n = Math.min(batch, maxDrawn - drawn);
    const t = await draw(n);
    drawn += t.rows;
    const mask = accept(t);
    const part = selectRows(t, mask, wanted - found);
    if (part.rows > 0) kept.push(part);
    found += part.rows;
    const rate = found / Math.max(1, drawn);
    const need = wanted - found;
    // Ask for 20% more than the rate says, within [need, maxBatch]; unknown rate: grow 10x.
    batch = rate > 0 ? Math.ceil((need / rate) * 1.2) : batch * 10;
    batch = Math.max(1, Math.min(maxBatch, Math.max(batch, need)));
    if (t.rows === 0) {
      stop = 'the model returned no rows';
      break;
    }
  }
  const table = kept.length > 0 ? concatTables(kept) : await emptyLike(draw);
  const partial = found < wanted;
  const message = partial
    ? `Only ${found.toLocaleString('en')} of the ${wanted.toLocaleString('en')} rows asked for meet the conditions and constraints: ${stop ?? 'the limits ran out'} and ${(
        (100 * found) /
        Math.max(1, drawn)
      ).toPrecision(
        2,
      )}% of them qualified. The rows found are returned; loosen a condition or ask for fewer rows.`
    : null;
  return { table, drawn, partial, message };
}

/** A table with the model's columns and no rows. */
async function emptyLike(draw: (n: number) => Promise<ModelTable>): Promise<ModelTable> {
  const t = await draw(1);
  return selectRows(t, new Uint8Array(t.rows), 0);
}
