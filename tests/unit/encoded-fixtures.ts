import { buildLayout, type Layout, type OutputSpan } from '../../src/core/data/spans';
import { Rng } from '../../src/core/rng';

/** Two numeric columns (scalar + component spans) and three discrete columns of widths 2, 3, 5. */
export const MIXED_SPANS: readonly OutputSpan[] = [
  { column: 'age', role: 'scalar', dim: 1, activation: 'tanh' },
  { column: 'age', role: 'component', dim: 3, activation: 'softmax' },
  { column: 'sex', role: 'level', dim: 2, activation: 'softmax' },
  { column: 'income', role: 'scalar', dim: 1, activation: 'tanh' },
  { column: 'income', role: 'component', dim: 4, activation: 'softmax' },
  { column: 'grade', role: 'level', dim: 3, activation: 'softmax' },
  { column: 'city', role: 'level', dim: 5, activation: 'softmax' },
];

export function mixedLayout(): Layout {
  return buildLayout(MIXED_SPANS);
}

/**
 * Random encoded rows `[rows, dataDim]`: scalars uniform in [-1, 1], one-hot softmax spans.
 * Levels are uniform, or `skewed` (level k has weight k + 1) so frequencies differ.
 */
export function randomMatrix(
  layout: Layout,
  rows: number,
  seed: number,
  skewed = false,
): Float32Array {
  const rng = new Rng(seed);
  const m = new Float32Array(rows * layout.dataDim);
  for (let r = 0; r < rows; r += 1) {
    for (const span of layout.spans) {
      const base = r * layout.dataDim + span.start;
      if (span.activation === 'tanh') m[base] = rng.uniform() * 2 - 1;
      else if (skewed)
        m[base + rng.weighted(Array.from({ length: span.dim }, (_, k) => k + 1))] = 1;
      else m[base + rng.int(span.dim)] = 1;
    }
  }
  return m;
}
