/**
 * Rows from a rules spec alone (no data, no model), written as CSV in chunks with progress,
 * answered like model generation: a CSV blob and a preview.
 */
import { writeCsv } from '../core/data/csv-writer';
import { Rng } from '../core/rng';
import { generateFromRules, type RulesSpec } from '../core/rules/rules-spec';
import type { EngineResponse } from './protocol';

const CHUNK = 10_000;
const PREVIEW_ROWS = 100;

/**
 * Whether rows must be drawn in one go: uniqueness (a unique template, a unique constraint)
 * holds within one call of the generator, not across separately drawn chunks.
 */
function needsOneCall(spec: RulesSpec): boolean {
  const columns = Array.isArray(spec?.columns) ? spec.columns : [];
  const constraints = Array.isArray(spec?.constraints) ? spec.constraints : [];
  return (
    columns.some((c) => c?.type === 'template' && c.unique !== false) ||
    constraints.some((c) => c?.kind === 'unique')
  );
}

/**
 * Generates `rows` rows from `spec` and posts progress, then 'generated' or an error;
 * 'cancelled' when `signal` aborts before the last chunk.
 */
export async function generateRulesCsv(
  runId: number,
  spec: RulesSpec,
  rows: number,
  seed: number,
  neutraliseFormulas: boolean,
  post: (m: EngineResponse) => void,
  signal?: AbortSignal,
): Promise<void> {
  const started = performance.now();
  try {
    const chunk = needsOneCall(spec) ? Math.max(1, rows) : CHUNK;
    const parts: string[] = [];
    let preview: string[][] = [];
    let names: string[] = [];
    let done = 0;
    let partial = false;
    let message: string | null = null;
    for (let i = 0; done < rows && !partial; i += 1) {
      const n = Math.min(chunk, rows - done);
      const out = await generateFromRules(spec, n, new Rng(seed + i));
      names = out.names;
      partial = out.partial;
      message = out.message;
      if (preview.length < PREVIEW_ROWS)
        preview = preview.concat(out.rows.slice(0, PREVIEW_ROWS - preview.length));
      const text = writeCsv(out.names, out.rows, { neutraliseFormulas });
      parts.push(done === 0 ? text : text.slice(text.indexOf('\n') + 1));
      done += out.rows.length;
      post({ type: 'generate-progress', runId, done, total: rows });
      // let other messages (and the page's progress bar) through between chunks
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (signal?.aborted && done < rows) {
        post({ type: 'cancelled', runId, message: 'Generation was cancelled.' });
        return;
      }
    }
    post({
      type: 'generated',
      runId,
      csv: new Blob(parts, { type: 'text/csv' }),
      preview,
      names,
      rows: done,
      seconds: (performance.now() - started) / 1000,
      partial,
      message,
    });
  } catch (e) {
    post({
      type: 'error',
      runId,
      code: 'bad-rules',
      message: e instanceof Error ? e.message : String(e),
    });
  }
}
