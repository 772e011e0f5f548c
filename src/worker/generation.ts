/**
 * Generation in chunks: each chunk is drawn with its own seed, keeps the rules by itself and
 * (for unique columns) against the chunks before it, and is written as CSV at once. Between
 * chunks the worker reads its messages, so a cancel stops the work within one chunk.
 */
import { writeCsv } from '../core/data/csv-writer';
import { uniqueAcrossChunks } from '../core/rules/constraint-plan';
import type { Synthesis } from '../core/pipeline';
import { EVAL_ROWS } from './evaluation-session';
import type { GenerateOptions } from './protocol';
import { nextTask, YIELD_EVERY_MS } from './run-driver';

/** Rows drawn per chunk (each chunk's seed is `seed + chunk`, so this fixes the output). */
export const GENERATE_CHUNK = 10_000;
const CANCELLED = 'Generation was cancelled.';
/** Rows the page previews. */
export const PREVIEW_ROWS = 100;

/** What generation reads of a trained synthesis. */
export type RowSource = Pick<Synthesis, 'plan' | 'codec' | 'sampleRows'>;

export interface GeneratedRows {
  /** The CSV text, in parts (header in the first). */
  parts: string[];
  names: string[];
  /** The first PREVIEW_ROWS rows. */
  preview: string[][];
  /** The first EVAL_ROWS rows, as written (what evaluation scores). */
  kept: string[][];
  rows: number;
  partial: boolean;
  message: string | null;
}

/** The user stopped the work; what was done is dropped. */
export class Cancelled extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Cancelled';
  }
}

/**
 * Draws `rows` rows in chunks; throws {@link Cancelled} when `signal` aborts (checked between
 * chunks, after the worker has read its messages at least every YIELD_EVERY_MS).
 */
export async function generateRows(
  synthesis: RowSource,
  rows: number,
  seed: number,
  options: GenerateOptions,
  hooks: { signal?: AbortSignal; onProgress?: (done: number) => void } = {},
): Promise<GeneratedRows> {
  const { conditions = [], neutraliseFormulas, ...codecOptions } = options;
  const out: GeneratedRows = {
    parts: [],
    names: [],
    preview: [],
    kept: [],
    rows: 0,
    partial: false,
    message: null,
  };
  // Each chunk keeps the constraints by itself; uniqueness must also hold between chunks.
  const keepUnique = synthesis.plan ? uniqueAcrossChunks(synthesis.plan, synthesis.codec) : null;
  let lastYield = performance.now();
  for (let chunk = 0; out.rows < rows && !out.partial; chunk += 1) {
    if (hooks.signal) {
      // a cancel is a message: read the pending ones now and then
      if (performance.now() - lastYield > YIELD_EVERY_MS) {
        await nextTask();
        lastYield = performance.now();
      }
      if (hooks.signal.aborted) throw new Cancelled(CANCELLED);
    }
    const n = Math.min(GENERATE_CHUNK, rows - out.rows);
    const drawn = await synthesis.sampleRows(n, seed + chunk, codecOptions, { conditions });
    // a cancel read while drawing: skip writing the chunk nobody will get
    if (hooks.signal?.aborted) throw new Cancelled(CANCELLED);
    const fresh = keepUnique ? keepUnique(drawn.names, drawn.rows) : drawn.rows;
    out.names = drawn.names;
    // A condition too rare to meet in time: keep what was found and say so.
    out.partial = drawn.partial;
    out.message = drawn.message;
    if (fresh.length === 0 && !out.partial) {
      out.partial = true;
      out.message =
        'No more rows with new values could be found for the columns that must be unique: ' +
        'these are all the rows there are.';
    }
    if (out.preview.length < PREVIEW_ROWS)
      out.preview = out.preview.concat(fresh.slice(0, PREVIEW_ROWS - out.preview.length));
    if (out.kept.length < EVAL_ROWS)
      out.kept = out.kept.concat(fresh.slice(0, EVAL_ROWS - out.kept.length));
    const text = writeCsv(drawn.names, fresh, { neutraliseFormulas });
    out.parts.push(out.rows === 0 ? text : text.slice(text.indexOf('\n') + 1));
    out.rows += fresh.length;
    hooks.onProgress?.(out.rows);
  }
  return out;
}
