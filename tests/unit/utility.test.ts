import { describe, expect, it } from 'vitest';
import type { ModelTable } from '../../src/core/data/model-table';
import { detectionReport } from '../../src/core/eval/detection';
import { utilityReport, type UtilityScores } from '../../src/core/eval/utility';
import { Rng } from '../../src/core/rng';

const COLORS = ['red', 'green', 'blue', null];
const LABELS = ['no', 'yes', null];

interface Options {
  /** Added to x: moves the numeric distribution. */
  shift?: number;
  /** Labels drawn at random instead of from the features. */
  randomLabels?: boolean;
  /** Every label is this code. */
  onlyLabel?: number;
  /** Share of rows whose label is missing. */
  missingLabels?: number;
}

/**
 * A small table: x (numeric, a few missing), color (discrete with a missing level), amount
 * (numeric, depends on x and color) and label (discrete: yes when x plus a colour bonus is
 * large). All tables made here share one codec: the same level lists.
 */
function table(n: number, seed: number, o: Options = {}): ModelTable {
  const rng = new Rng(seed);
  const x = new Float64Array(n);
  const amount = new Float64Array(n);
  const color = new Int32Array(n);
  const label = new Int32Array(n);
  for (let i = 0; i < n; i += 1) {
    const c = rng.weighted([0.4, 0.3, 0.25, 0.05]);
    const v = rng.normal() + (o.shift ?? 0);
    color[i] = c;
    x[i] = rng.uniform() < 0.03 ? Number.NaN : v;
    amount[i] = 2 * v + (c === 2 ? 3 : 0) + 0.3 * rng.normal();
    const yes = v + (c === 0 ? 1 : 0) > 0.5;
    label[i] = o.randomLabels ? rng.int(2) : (o.onlyLabel ?? (yes ? 1 : 0));
    if (rng.uniform() < (o.missingLabels ?? 0)) label[i] = 2;
  }
  return {
    rows: n,
    columns: [
      { type: 'numeric', name: 'x', values: x, integer: false },
      { type: 'discrete', name: 'color', codes: color, levels: COLORS },
      { type: 'numeric', name: 'amount', values: amount, integer: false },
      { type: 'discrete', name: 'label', codes: label, levels: LABELS },
    ],
  };
}

function scores(s: UtilityScores): { accuracy: number; macroF1: number } {
  if (!('accuracy' in s)) throw new Error('expected classification scores');
  return s;
}

function r2(s: UtilityScores): number {
  if (!('r2' in s)) throw new Error('expected regression scores');
  return s.r2;
}

describe('detection', () => {
  it('cannot tell two samples of one distribution apart (AUC near 0.5)', () => {
    const r = detectionReport({ real: table(600, 1), synth: table(600, 2), seed: 0 });
    expect(r.model).toBe('gradient_boosting');
    expect(r.rowsEach).toBe(600);
    expect(r.foldAucs).toHaveLength(3);
    expect(Math.abs(r.auc - 0.5)).toBeLessThan(0.08);
  });

  it('tells clearly different rows apart (AUC near 1)', () => {
    const r = detectionReport({ real: table(600, 1), synth: table(600, 2, { shift: 4 }), seed: 0 });
    expect(r.auc).toBeGreaterThan(0.97);
  });

  it('samples equal numbers of rows from each table', () => {
    const r = detectionReport({ real: table(900, 1), synth: table(300, 2), seed: 0 });
    expect(r.rowsEach).toBe(300);
  });

  it('refuses tables too small to cross-validate', () => {
    expect(() => detectionReport({ real: table(5, 1), synth: table(100, 2), seed: 0 })).toThrow(
      /at least 6 real/,
    );
  });
});

describe('utility', () => {
  const train = table(800, 11);
  const holdout = table(400, 12);

  it('scores a faithful synthetic table close to the real one', () => {
    const r = utilityReport({ train, synth: table(800, 13), holdout, target: 'label', seed: 0 });
    expect(r.task).toBe('classification');
    expect(r.models.map((m) => m.model)).toEqual(['logistic_regression', 'gradient_boosting']);
    for (const m of r.models) {
      const real = scores(m.real);
      const synth = scores(m.synthetic);
      expect(real.accuracy).toBeGreaterThan(0.85);
      expect(Math.abs(real.accuracy - synth.accuracy)).toBeLessThan(0.05);
      expect(Math.abs(real.macroF1 - synth.macroF1)).toBeLessThan(0.06);
    }
    expect(r.rows).toEqual({ real: 800, synthetic: 800, holdout: 400 });
    expect(r.notes).toEqual([]);
  });

  it('scores a synthetic table whose labels ignore the features far below the real one', () => {
    const synth = table(800, 13, { randomLabels: true });
    const r = utilityReport({ train, synth, holdout, target: 'label', seed: 0 });
    for (const m of r.models) {
      expect(scores(m.synthetic).accuracy).toBeLessThan(scores(m.real).accuracy - 0.15);
    }
  });

  it('predicts a numeric target with ridge and boosting, scored by R^2', () => {
    const r = utilityReport({ train, synth: table(800, 13), holdout, target: 'amount', seed: 0 });
    expect(r.task).toBe('regression');
    expect(r.models.map((m) => m.model)).toEqual(['ridge', 'gradient_boosting']);
    for (const m of r.models) {
      expect(r2(m.real)).toBeGreaterThan(0.9);
      expect(r2(m.synthetic)).toBeGreaterThan(0.9);
    }
    expect(r.majorityAccuracy).toBeUndefined();
  });

  it('reports a synthetic target with a single class instead of failing', () => {
    const synth = table(300, 13, { onlyLabel: 0 });
    const r = utilityReport({ train, synth, holdout, target: 'label', seed: 0 });
    const shareOfNo = r.majorityAccuracy as number;
    for (const m of r.models) {
      // always answering "no": accuracy is the share of "no"; F1 is that of "no" over 2 classes
      expect(scores(m.synthetic).accuracy).toBeCloseTo(shareOfNo, 12);
      expect(scores(m.synthetic).macroF1).toBeCloseTo(shareOfNo / (1 + shareOfNo), 12);
    }
    expect(r.notes.join(' ')).toMatch(/synthetic rows hold a single value of "label" \("no"\)/);
  });

  it('leaves rows with a missing target out', () => {
    const synth = table(800, 13, { missingLabels: 0.25 });
    const r = utilityReport({ train, synth, holdout, target: 'label', seed: 0 });
    expect(r.rows.synthetic).toBeGreaterThan(500);
    expect(r.rows.synthetic).toBeLessThan(700);
  });

  it('scores 0 with a note when no synthetic row has a target value', () => {
    const synth = table(200, 13, { missingLabels: 1 });
    const r = utilityReport({ train, synth, holdout, target: 'label', seed: 0 });
    expect(r.models.every((m) => scores(m.synthetic).accuracy === 0)).toBe(true);
    expect(r.notes.join(' ')).toMatch(/no value in "label"/);
  });

  it('names a target that is not a column', () => {
    expect(() =>
      utilityReport({ train, synth: table(50, 13), holdout, target: 'price', seed: 0 }),
    ).toThrow(/no column "price"/);
  });

  it('gives the same figures for the same seed', () => {
    const input = { train, synth: table(800, 13), holdout, target: 'label', seed: 5 };
    expect(utilityReport(input)).toEqual(utilityReport(input));
  });
});
