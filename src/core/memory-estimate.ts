/**
 * How much memory training would take, estimated from the schema and the row count alone,
 * before anything is encoded: a table whose encoding would not fit is refused up front, with
 * the estimate and the fixes that would make it fit (treat a wide column as an identifier or
 * text, keep its most frequent levels, train on fewer rows), instead of a tab that dies.
 *
 * The estimate counts the large allocations, which grow with rows × width (on adult it is within
 * 0.5% of what CTGAN and TVAE really hold once training starts; tests/unit/memory-estimate):
 * - models on the mode-specific encoding (CTGAN, TVAE): the encoded matrix as a Float32Array in
 *   the worker plus the same matrix uploaded once to the backend (8 bytes per cell), a numeric
 *   column taking 1 scalar and at most 10 mode columns, a discrete one a column per level;
 * - models on the table in model form (copula, ARGN, trees): a Float64 model table and its
 *   working copies (about 3 × 8 bytes per modelled cell), discrete columns kept as codes;
 * - plus the weights with the optimiser's moments, as each model's registry entry counts them
 *   (the networks' first and last layers grow with the width).
 */
import type { ModelKind } from './models/contract';
import { modelEntry } from './models/registry';
import type { ColumnSpec, Schema } from './types';
import { DEFAULT_TOP_K, levelsModelled, type EncodingFix } from './data/encoding-warnings';

/** Mode columns a numeric column may take at most (the Bayesian mixture's component cap). */
const MAX_MODES = 10;

export type EstimateModel = ModelKind;

export interface ColumnCost {
  name: string;
  /** Encoded columns this column takes for the model. */
  width: number;
}

export interface MemoryEstimate {
  model: EstimateModel;
  rows: number;
  /** Encoded columns in all. */
  width: number;
  /** Bytes for the data (rows × width) and for the model's weights and optimiser. */
  dataBytes: number;
  modelBytes: number;
  bytes: number;
  /** Modelled columns, widest first. */
  columns: ColumnCost[];
}

function modelled(c: ColumnSpec): boolean {
  return !c.excluded && c.kind !== 'identifier' && c.kind !== 'text' && c.kind !== 'constant';
}

function isDiscrete(c: ColumnSpec): boolean {
  return c.kind === 'categorical' || c.kind === 'boolean';
}

/** Estimated training memory for `rows` training rows of `schema` with `model`. */
export function estimateTrainingMemory(
  schema: Schema,
  rows: number,
  model: EstimateModel,
): MemoryEstimate {
  const entry = modelEntry(model);
  const neural = entry.encoding === 'mode-specific';
  const columns = schema.columns.filter(modelled).map((c): ColumnCost => {
    const missing = c.stats.missing > 0 ? 1 : 0;
    const width = !neural
      ? 1
      : isDiscrete(c)
        ? levelsModelled(c)
        : 1 + Math.min(MAX_MODES, Math.max(1, c.stats.distinct)) + missing;
    return { name: c.name, width };
  });
  columns.sort((a, b) => b.width - a.width);
  const width = columns.reduce((s, c) => s + c.width, 0);
  const condWidth = neural
    ? schema.columns
        .filter((c) => modelled(c) && isDiscrete(c))
        .reduce((s, c) => s + levelsModelled(c), 0)
    : 0;
  // the encoded matrix in the worker and on the backend (8 bytes a cell), or a Float64 model
  // table and its working copies (3 × 8 bytes a cell); the weights with the optimiser's moments
  const dataBytes = rows * width * 8 * (neural ? 1 : 3);
  const modelBytes = entry.weightValues(width, condWidth) * 4;
  return { model, rows, width, dataBytes, modelBytes, bytes: dataBytes + modelBytes, columns };
}

/** A fix the page can apply in one click, in the user's words. */
export type MemoryFix = (
  { type: 'column'; column: string; fix: EncodingFix } | { type: 'rows'; rows: number }
) & {
  label: string;
  /** The estimate once this fix alone is applied. */
  bytesAfter: number;
};

export interface MemoryRefusal {
  estimate: MemoryEstimate;
  budgetBytes: number;
  message: string;
  fixes: MemoryFix[];
}

/** Bytes as the user reads them: 1.2 GB, 340 MB. */
export function formatMemory(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${Math.round(bytes / 1e6)} MB`;
  return `${Math.max(1, Math.round(bytes / 1e3))} kB`;
}

/**
 * Memory this device lets one training run take: a quarter of the device's memory (browsers
 * report at most 8 GB), between 512 MB and 2 GB; 2 GB where the device does not say.
 */
export function memoryBudget(deviceMemoryGb?: number): number {
  const gb = deviceMemoryGb && deviceMemoryGb > 0 ? deviceMemoryGb / 4 : 2;
  return Math.min(2, Math.max(0.5, gb)) * 1e9;
}

/**
 * The refusal when the estimate is over the budget, with the fixes that bring it under (the
 * widest categorical columns first, then fewer rows); null when training fits.
 */
export function memoryRefusal(
  schema: Schema,
  estimate: MemoryEstimate,
  budgetBytes: number,
): MemoryRefusal | null {
  if (estimate.bytes <= budgetBytes) return null;
  const fixes: MemoryFix[] = [];
  const wide = estimate.columns
    .filter((c) => {
      const spec = schema.columns.find((s) => s.name === c.name);
      return spec !== undefined && isDiscrete(spec) && c.width > DEFAULT_TOP_K + 1;
    })
    .slice(0, 3);
  const after = (column: string, change: Partial<ColumnSpec>): number =>
    estimateTrainingMemory(
      {
        ...schema,
        columns: schema.columns.map((c) => (c.name === column ? { ...c, ...change } : c)),
      },
      estimate.rows,
      estimate.model,
    ).bytes;
  for (const c of wide) {
    fixes.push({
      type: 'column',
      column: c.name,
      fix: { type: 'top-k', k: DEFAULT_TOP_K },
      label: `Keep the ${DEFAULT_TOP_K} most frequent values of "${c.name}"`,
      bytesAfter: after(c.name, { topK: DEFAULT_TOP_K }),
    });
    fixes.push({
      type: 'column',
      column: c.name,
      fix: { type: 'kind', kind: 'identifier' },
      label: `Treat "${c.name}" as an identifier (not modelled)`,
      bytesAfter: after(c.name, { kind: 'identifier', topK: null }),
    });
  }
  const perRow = estimate.dataBytes / Math.max(1, estimate.rows);
  const fitRows = Math.floor(((budgetBytes - estimate.modelBytes) * 0.9) / Math.max(1, perRow));
  if (fitRows >= 100 && fitRows < estimate.rows) {
    const rows = fitRows >= 10_000 ? Math.floor(fitRows / 1000) * 1000 : fitRows;
    fixes.push({
      type: 'rows',
      rows,
      label: `Train on a random ${rows.toLocaleString('en-US')} of the ${estimate.rows.toLocaleString('en-US')} rows`,
      bytesAfter: rows * perRow + estimate.modelBytes,
    });
  }
  const widest = estimate.columns
    .slice(0, 3)
    .map((c) => `"${c.name}" ${c.width.toLocaleString('en-US')}`)
    .join(', ');
  const message =
    `Training would need about ${formatMemory(estimate.bytes)} of memory ` +
    `(${estimate.rows.toLocaleString('en-US')} rows × ${estimate.width.toLocaleString('en-US')} encoded columns), ` +
    `more than this tab can safely use (${formatMemory(budgetBytes)}), so it was not started. ` +
    `The widest columns: ${widest}.` +
    (fixes.length > 0
      ? ' One of the fixes below brings it under the limit.'
      : ' Exclude some columns or use fewer rows.');
  return { estimate, budgetBytes, message, fixes };
}
