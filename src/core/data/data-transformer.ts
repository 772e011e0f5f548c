/**
 * The reversible data transformer of the neural models: a {@link ModelTable} to the encoded
 * matrix and back. Numeric columns go through mode-specific normalisation (see
 * mode-normalizer.ts): a tanh scalar span then a softmax component span. Discrete columns are
 * one softmax span, the one-hot of their level code. The spans are described once by
 * {@link outputSpans}; every offset comes from `buildLayout` in spans.ts.
 *
 * The state is plain JSON: per column its encoder state or its levels, never a training row.
 */
import type { Rng } from '../rng';
import type { DiscreteColumn, ModelColumn, ModelTable, NumericColumn } from './model-table';
import * as modeNormalizer from './mode-normalizer';
import {
  buildLayout,
  spansOf,
  type Layout,
  type OutputSpan,
  type SpanInfo,
  type SpanRole,
} from './spans';

/** A numeric column's encoder. */
export interface NumericTransform {
  type: 'numeric';
  name: string;
  /** Decoded values are rounded to whole numbers. */
  integer: boolean;
  normalizer: modeNormalizer.ModeNormalizerState;
}

/** A discrete column's encoder: its levels, so decoded codes mean the same strings. */
export interface DiscreteTransform {
  type: 'discrete';
  name: string;
  /** The column's level strings, `null` being the missing level, in code order. */
  levels: (string | null)[];
}

export type ColumnTransform = NumericTransform | DiscreteTransform;

/** The fitted transformer, plain JSON; its size depends on the columns, not the row count. */
export interface TransformerState {
  version: 1;
  columns: ColumnTransform[];
}

/**
 * Fits one encoder per column of `table` (the training rows). Each numeric column's fit draws
 * from its own generator forked from `rng`, in column order.
 *
 * @throws when the table has no rows or two columns share a name
 */
export function fitTransformer(table: ModelTable, rng: Rng): TransformerState {
  if (table.rows === 0) throw new Error('the transformer needs at least one row to fit');
  const names = new Set(table.columns.map((c) => c.name));
  if (names.size !== table.columns.length) throw new Error('column names must be unique');
  const columns = table.columns.map((column): ColumnTransform => {
    if (column.type === 'discrete') {
      return { type: 'discrete', name: column.name, levels: [...column.levels] };
    }
    const normalizer = modeNormalizer.fit(column.values, rng.fork());
    return { type: 'numeric', name: column.name, integer: column.integer, normalizer };
  });
  return { version: 1, columns };
}

/**
 * The spans of the encoded matrix, in column order: numeric columns give
 * `[scalar (1, tanh), component (K, softmax)]`, discrete columns `[level (levels, softmax)]`.
 * Feed to `buildLayout`.
 */
export function outputSpans(state: TransformerState): OutputSpan[] {
  return state.columns.flatMap((c): OutputSpan[] =>
    c.type === 'numeric'
      ? [
          { column: c.name, role: 'scalar', dim: 1, activation: 'tanh' },
          {
            column: c.name,
            role: 'component',
            dim: modeNormalizer.componentCount(c.normalizer),
            activation: 'softmax',
          },
        ]
      : [{ column: c.name, role: 'level', dim: c.levels.length, activation: 'softmax' }],
  );
}

function spanOf(layout: Layout, column: string, role: SpanRole): SpanInfo {
  const span = spansOf(layout, column).find((s) => s.role === role);
  if (!span) throw new Error(`no ${role} span for column ${column}`);
  return span;
}

/** Throws unless `column` is the column `t` was fitted on (name, type and levels). */
function checkColumn(t: ColumnTransform, column: ModelColumn | undefined): void {
  if (!column || column.name !== t.name || column.type !== t.type) {
    throw new Error(`the table does not match the transformer at column ${t.name}`);
  }
  if (
    column.type === 'discrete' &&
    t.type === 'discrete' &&
    (column.levels.length !== t.levels.length || column.levels.some((l, i) => l !== t.levels[i]))
  ) {
    throw new Error(`column ${t.name} has other levels than the transformer was fitted with`);
  }
}

function encodeLevels(column: DiscreteColumn, layout: Layout, matrix: Float32Array): void {
  const { start, dim } = spanOf(layout, column.name, 'level');
  const width = layout.dataDim;
  column.codes.forEach((code, r) => {
    if (code < 0 || code >= dim) throw new Error(`column ${column.name}: code ${code} at row ${r}`);
    matrix[r * width + start + code] = 1;
  });
}

function encodeNumeric(
  t: NumericTransform,
  column: NumericColumn,
  layout: Layout,
  matrix: Float32Array,
  rng: Rng,
): void {
  const width = layout.dataDim;
  const scalar = spanOf(layout, t.name, 'scalar').start;
  const component = spanOf(layout, t.name, 'component').start;
  const encoded = modeNormalizer.transform(t.normalizer, column.values, rng);
  encoded.components.forEach((k, r) => {
    matrix[r * width + scalar] = encoded.scalars[r] as number;
    matrix[r * width + component + k] = 1;
  });
}

/**
 * Encodes a table with a fitted transformer. Each numeric column samples its modes with a
 * generator forked from `rng`, in column order.
 *
 * @returns row-major Float32Array of shape [table.rows, dataDim]; scalars in [-0.99, 0.99],
 *   exactly one 1 in each softmax span of each row
 */
export function encodeTable(state: TransformerState, table: ModelTable, rng: Rng): Float32Array {
  if (table.columns.length !== state.columns.length) {
    throw new Error('the table does not have the columns the transformer was fitted on');
  }
  const layout = buildLayout(outputSpans(state));
  const matrix = new Float32Array(table.rows * layout.dataDim);
  state.columns.forEach((t, c) => {
    const column = table.columns[c];
    checkColumn(t, column);
    if (t.type === 'numeric' && column?.type === 'numeric') {
      encodeNumeric(t, column, layout, matrix, rng.fork());
    } else if (column?.type === 'discrete') {
      encodeLevels(column, layout, matrix);
    }
  });
  return matrix;
}

/** Index of the largest of `dim` values from `start` (the first one on ties). */
function argmax(matrix: Float32Array, start: number, dim: number): number {
  let best = 0;
  for (let j = 1; j < dim; j += 1) {
    if ((matrix[start + j] as number) > (matrix[start + best] as number)) best = j;
  }
  return best;
}

function decodeColumn(
  t: ColumnTransform,
  layout: Layout,
  matrix: Float32Array,
  rows: number,
): ModelColumn {
  const width = layout.dataDim;
  if (t.type === 'discrete') {
    const { start, dim } = spanOf(layout, t.name, 'level');
    const codes = new Int32Array(rows);
    for (let r = 0; r < rows; r += 1) codes[r] = argmax(matrix, r * width + start, dim);
    return { type: 'discrete', name: t.name, codes, levels: [...t.levels] };
  }
  const scalar = spanOf(layout, t.name, 'scalar').start;
  const component = spanOf(layout, t.name, 'component');
  const values = new Float64Array(rows);
  for (let r = 0; r < rows; r += 1) {
    const k = argmax(matrix, r * width + component.start, component.dim);
    const value = modeNormalizer.inverse(t.normalizer, matrix[r * width + scalar] as number, k);
    values[r] = t.integer ? Math.round(value) : value;
  }
  return { type: 'numeric', name: t.name, values, integer: t.integer };
}

/**
 * Decodes an encoded (or generated) matrix: the argmax of each softmax span picks the level or
 * component; numeric columns decode their scalar through the picked component, rounded when
 * the column is integer. Missing components decode to NaN, the missing level to its code.
 *
 * @param matrix row-major Float32Array of shape [rows, dataDim]
 */
export function decodeMatrix(
  state: TransformerState,
  matrix: Float32Array,
  rows: number,
): ModelTable {
  const layout = buildLayout(outputSpans(state));
  if (matrix.length !== rows * layout.dataDim) {
    throw new Error(`matrix has ${matrix.length} values, expected ${rows} x ${layout.dataDim}`);
  }
  return { rows, columns: state.columns.map((t) => decodeColumn(t, layout, matrix, rows)) };
}
