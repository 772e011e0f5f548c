import { describe, it, expect } from 'vitest';
import { Rng } from '../../src/core/rng';
import type { DiscreteColumn, ModelTable, NumericColumn } from '../../src/core/data/model-table';
import { buildLayout, spansOf } from '../../src/core/data/spans';
import { componentCount, fit, inverse, transform } from '../../src/core/data/mode-normalizer';
import {
  decodeMatrix,
  encodeTable,
  fitTransformer,
  outputSpans,
  type TransformerState,
} from '../../src/core/data/data-transformer';

const ROWS = 2000;

function numeric(name: string, values: number[], integer = false): NumericColumn {
  return { type: 'numeric', name, values: Float64Array.from(values), integer };
}

/** A table with every case the transformer handles, 2000 rows, drawn from `seed`. */
function makeTable(seed: number): ModelTable {
  const rng = new Rng(seed);
  const rows = Array.from({ length: ROWS }, (_, i) => i);
  const color: DiscreteColumn = {
    type: 'discrete',
    name: 'color',
    levels: ['red', 'green', null, 'blue'],
    codes: Int32Array.from(rows, () => rng.weighted([5, 3, 1, 1])),
  };
  return {
    rows: ROWS,
    columns: [
      // bimodal, 5% missing
      numeric(
        'income',
        rows.map(() =>
          rng.uniform() < 0.05
            ? NaN
            : rng.uniform() < 0.6
              ? 30 + 5 * rng.normal()
              : 90 + 10 * rng.normal(),
        ),
      ),
      // 80% exact zeros, the rest lognormal whole numbers
      numeric(
        'gain',
        rows.map(() => (rng.uniform() < 0.8 ? 0 : Math.round(Math.exp(7 + rng.normal())))),
        true,
      ),
      color,
      numeric(
        'age',
        rows.map(() => 17 + rng.int(74)),
        true,
      ),
      numeric(
        'constant',
        rows.map(() => 42),
      ),
      numeric(
        'empty',
        rows.map(() => NaN),
      ),
    ],
  };
}

const TABLE = makeTable(1);
const STATE = fitTransformer(TABLE, new Rng(1));
const numericColumn = (table: ModelTable, name: string) =>
  table.columns.find((c) => c.name === name) as NumericColumn;

describe('outputSpans', () => {
  it('gives a scalar and a component span per numeric column, a level span per discrete one', () => {
    const state = STATE;
    const spans = outputSpans(state);
    expect(spans.map((s) => `${s.column}:${s.role}`)).toEqual([
      'income:scalar',
      'income:component',
      'gain:scalar',
      'gain:component',
      'color:level',
      'age:scalar',
      'age:component',
      'constant:scalar',
      'constant:component',
      'empty:scalar',
      'empty:component',
    ]);
    expect(spans.find((s) => s.column === 'color')?.dim).toBe(4);
    expect(spans.filter((s) => s.column === 'constant').map((s) => s.dim)).toEqual([1, 1]);
    expect(spans.filter((s) => s.column === 'empty').map((s) => s.dim)).toEqual([1, 1]);
  });

  it('has widths that add up to the encoded matrix width', () => {
    const state = STATE;
    const matrix = encodeTable(state, TABLE, new Rng(2));
    expect(matrix.length).toBe(ROWS * buildLayout(outputSpans(state)).dataDim);
  });
});

describe('encodeTable', () => {
  const state = STATE;
  const layout = buildLayout(outputSpans(state));
  const matrix = encodeTable(state, TABLE, new Rng(2));

  it('puts exactly one 1 in every softmax span and scalars in [-0.99, 0.99]', () => {
    for (let r = 0; r < ROWS; r += 1) {
      for (const span of layout.spans) {
        const cells = Array.from(
          matrix.subarray(r * layout.dataDim + span.start, r * layout.dataDim + span.end),
        );
        if (span.activation === 'tanh') {
          expect(Math.abs(cells[0] as number)).toBeLessThanOrEqual(Math.fround(0.99));
        } else {
          expect(cells.filter((v) => v === 1)).toHaveLength(1);
          expect(cells.filter((v) => v !== 0 && v !== 1)).toHaveLength(0);
        }
      }
    }
  });

  it('refuses a table whose columns do not match the state', () => {
    const renamed = {
      ...TABLE,
      columns: [{ ...TABLE.columns[0], name: 'other' } as NumericColumn, ...TABLE.columns.slice(1)],
    };
    expect(() => encodeTable(state, renamed, new Rng(2))).toThrow(/does not match/);
    const fewer = { ...TABLE, columns: TABLE.columns.slice(1) };
    expect(() => encodeTable(state, fewer, new Rng(2))).toThrow();
  });
});

describe('round trip: encodeTable then decodeMatrix', () => {
  const state = STATE;
  const layout = buildLayout(outputSpans(state));
  const matrix = encodeTable(state, TABLE, new Rng(2));
  const decoded = decodeMatrix(state, matrix, ROWS);
  /** Whether the row's scalar for `column` sits at the clip limit. */
  const clipped = (column: string, r: number) => {
    const start = spansOf(layout, column).find((s) => s.role === 'scalar')?.start as number;
    return Math.abs(matrix[r * layout.dataDim + start] as number) === Math.fround(0.99);
  };

  it('restores discrete codes and levels exactly', () => {
    const original = TABLE.columns[2] as DiscreteColumn;
    const back = decoded.columns[2] as DiscreteColumn;
    expect(back.codes).toEqual(original.codes);
    expect(back.levels).toEqual(original.levels);
  });

  // Tolerance: a scalar that was not clipped decodes within 1e-6 of the column's range (its
  // float32 rounding, times 4 std, is about 1e-7 of the range). A scalar clipped at +-0.99 (a
  // value more than 3.96 std from the mode it drew) decodes to that mode's edge instead.
  it('restores continuous values within 1e-6 of the range unless their scalar was clipped', () => {
    const original = numericColumn(TABLE, 'income').values;
    const back = numericColumn(decoded, 'income').values;
    const present = original.filter((v) => !Number.isNaN(v));
    const range = Math.max(...present) - Math.min(...present);
    let clippedRows = 0;
    original.forEach((x, r) => {
      if (Number.isNaN(x)) return;
      if (clipped('income', r)) clippedRows += 1;
      else expect(Math.abs((back[r] as number) - x)).toBeLessThanOrEqual(1e-6 * range);
    });
    expect(clippedRows / ROWS).toBeLessThan(0.005);
  });

  it('restores missing values as NaN on the same rows', () => {
    const original = numericColumn(TABLE, 'income').values;
    const back = numericColumn(decoded, 'income').values;
    original.forEach((x, r) => expect(Number.isNaN(back[r])).toBe(Number.isNaN(x)));
    expect(original.filter(Number.isNaN).length).toBeGreaterThan(50);
    expect(numericColumn(decoded, 'empty').values.every(Number.isNaN)).toBe(true);
  });

  it('restores point-mass values exactly, keeping their share', () => {
    const original = numericColumn(TABLE, 'gain').values;
    const back = numericColumn(decoded, 'gain').values;
    const zeros = (xs: Float64Array) => xs.filter((v) => v === 0).length;
    expect(zeros(back)).toBe(zeros(original));
    original.forEach((x, r) => {
      if (x === 0) expect(back[r]).toBe(0);
    });
  });

  it('restores integer columns exactly (rounded) unless their scalar was clipped', () => {
    const original = numericColumn(TABLE, 'age');
    const back = numericColumn(decoded, 'age');
    expect(back.integer).toBe(true);
    let clippedRows = 0;
    original.values.forEach((x, r) => {
      if (clipped('age', r)) clippedRows += 1;
      else expect(back.values[r]).toBe(x);
    });
    expect(clippedRows / ROWS).toBeLessThan(0.005);
    expect(numericColumn(decoded, 'constant').values.every((v) => v === 42)).toBe(true);
  });
});

describe('decodeMatrix', () => {
  it('takes the argmax of each softmax span of a generated matrix', () => {
    const table: ModelTable = {
      rows: 40,
      columns: [
        {
          type: 'discrete',
          name: 'd',
          levels: ['a', 'b', 'c'],
          codes: Int32Array.from({ length: 40 }, (_, i) => i % 3),
        },
      ],
    };
    const state = fitTransformer(table, new Rng(1));
    const generated = Float32Array.from([0.2, 0.5, 0.3, 0.6, 0.1, 0.3]);
    const decoded = decodeMatrix(state, generated, 2).columns[0] as DiscreteColumn;
    expect(Array.from(decoded.codes)).toEqual([1, 0]);
  });

  it('refuses a matrix of the wrong size', () => {
    const state = STATE;
    expect(() => decodeMatrix(state, new Float32Array(10), ROWS)).toThrow(/expected/);
  });
});

/** Every array in a JSON value, found by walking it. */
function arrayLengths(value: unknown): number[] {
  if (Array.isArray(value)) return [value.length, ...value.flatMap(arrayLengths)];
  if (value && typeof value === 'object') return Object.values(value).flatMap(arrayLengths);
  return [];
}

describe('TransformerState', () => {
  const state = STATE;

  it('survives JSON and encodes and decodes the same after it', () => {
    const copy = JSON.parse(JSON.stringify(state)) as TransformerState;
    expect(copy).toEqual(state);
    const matrix = encodeTable(state, TABLE, new Rng(2));
    expect(encodeTable(copy, TABLE, new Rng(2))).toEqual(matrix);
    expect(decodeMatrix(copy, matrix, ROWS)).toEqual(decodeMatrix(state, matrix, ROWS));
  });

  it('holds no array anywhere near as long as the row count', () => {
    expect(Math.max(...arrayLengths(JSON.parse(JSON.stringify(state))))).toBeLessThan(20);
  });

  it('is the same for the same seed, and so is the encoded matrix', () => {
    expect(fitTransformer(TABLE, new Rng(1))).toEqual(state);
    expect(encodeTable(state, TABLE, new Rng(2))).toEqual(encodeTable(state, TABLE, new Rng(2)));
  });
});

describe('mode normalizer', () => {
  /** 2000 values: `share` of them exactly `spike`, the rest spread over 1000 distinct values. */
  function spiky(share: number, spike: number, rng: Rng): Float64Array {
    return Float64Array.from({ length: 2000 }, (_, i) =>
      i < share * 2000 ? spike : 1000 + rng.normal() * 100,
    );
  }

  it('makes a value holding at least 5% of a many-valued column a point mass', () => {
    const rng = new Rng(1);
    expect(fit(spiky(0.06, 0, rng), rng).pointMasses).toEqual([0]);
    expect(fit(spiky(0.04, 0, rng), rng).pointMasses).toEqual([]);
  });

  it('keeps at most 3 point masses, the most frequent first', () => {
    const values = Float64Array.from({ length: 2000 }, (_, i) =>
      i < 400 ? 5 : i < 600 ? 1 : i < 700 ? 2 : i < 1000 ? 3 : i < 1200 ? 4 : i,
    );
    expect(fit(values, new Rng(1)).pointMasses).toEqual([5, 3, 1]);
  });

  it('finds no point masses in a column with 10 or fewer distinct values', () => {
    const values = Float64Array.from({ length: 1000 }, (_, i) => i % 10);
    const state = fit(values, new Rng(1));
    expect(state.pointMasses).toEqual([]);
    expect(componentCount(state)).toBe(state.modes.means.length);
  });

  it('gives a constant column one mode that decodes to the constant for any scalar', () => {
    const state = fit(new Float64Array(100).fill(7.25), new Rng(1));
    expect(componentCount(state)).toBe(1);
    expect(transform(state, Float64Array.from([7.25]), new Rng(2)).scalars[0]).toBe(0);
    expect(inverse(state, 0.8, 0)).toBe(7.25);
  });

  it('orders components as modes, point masses, missing, with a zero scalar off the modes', () => {
    const rng = new Rng(3);
    const values = spiky(0.5, -1, rng);
    values[7] = NaN;
    const state = fit(values, rng);
    const k = state.modes.means.length;
    expect(componentCount(state)).toBe(k + 2);
    const encoded = transform(state, Float64Array.from([-1, NaN, 1000]), rng);
    expect(Array.from(encoded.components.subarray(0, 2))).toEqual([k, k + 1]);
    expect(encoded.components[2]).toBeLessThan(k);
    expect(Array.from(encoded.scalars.subarray(0, 2))).toEqual([0, 0]);
    expect(inverse(state, 0.5, k)).toBe(-1);
    expect(Number.isNaN(inverse(state, 0.5, k + 1))).toBe(true);
    expect(() => inverse(state, 0, k + 2)).toThrow(RangeError);
  });

  it('decodes a mode component as mean + scalar * 4 * std', () => {
    const rng = new Rng(4);
    const state = fit(spiky(0, 0, rng), rng);
    const [mean, std] = [state.modes.means[0] as number, state.modes.stds[0] as number];
    expect(inverse(state, 0.25, 0)).toBeCloseTo(mean + std, 9);
  });

  it('fits a large column on a subsample, with at most 10 modes', () => {
    const rng = new Rng(5);
    const values = Float64Array.from({ length: 50_000 }, () => Math.exp(10 + 0.7 * rng.normal()));
    const state = fit(values, rng);
    expect(state.modes.means.length).toBeGreaterThan(0);
    expect(state.modes.means.length).toBeLessThanOrEqual(10);
    expect(state.modes.weights.every((w) => w > 0.005)).toBe(true);
  });

  it('refuses a missing value when the fitted column had none', () => {
    const rng = new Rng(6);
    const state = fit(spiky(0, 0, rng), rng);
    expect(() => transform(state, Float64Array.from([NaN]), rng)).toThrow(/missing/);
  });
});
