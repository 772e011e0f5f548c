import { describe, expect, it } from 'vitest';
import { applyBinner, fitBinner } from '../../src/core/eval/ml/binning';
import type { Design } from '../../src/core/eval/ml/features';
import {
  fitGradientBoostingClassifier,
  fitGradientBoostingRegressor,
  predictClasses,
  predictValues,
} from '../../src/core/eval/ml/gradient-boosting';
import { fitLogistic, predictLogistic } from '../../src/core/eval/ml/logistic';
import { accuracy, macroF1, r2Score, rocAuc } from '../../src/core/eval/ml/metrics';
import { fitRidge, predictRidge } from '../../src/core/eval/ml/ridge';
import { Rng } from '../../src/core/rng';

/** A design of dense features only. */
function dense(columns: Float64Array[]): Design {
  return {
    rows: columns[0]?.length ?? 0,
    numeric: columns,
    numericNames: columns.map((_, j) => `x${j}`),
    discrete: [],
    discreteNames: [],
    slots: [],
  };
}

const uniform = (n: number, rng: Rng, lo = -1, hi = 1) =>
  Float64Array.from({ length: n }, () => lo + (hi - lo) * rng.uniform());

/** XOR of the signs of two uniform features: no single split and no line separates it. */
function xor(n: number, rng: Rng): { x: Design; y: Int32Array } {
  const a = uniform(n, rng);
  const b = uniform(n, rng);
  const y = Int32Array.from(a, (v, i) => (v > 0 !== (b[i] as number) > 0 ? 1 : 0));
  return { x: dense([a, b]), y };
}

describe('metrics', () => {
  it('ROC AUC counts tied scores as half a win', () => {
    // positives score 0.9, 0.5, 0.3; negatives 0.9, 0.1: wins 1.5 + 1 + 1 of 6 pairs
    expect(rocAuc([1, 0, 1, 0, 1], [0.9, 0.9, 0.5, 0.1, 0.3])).toBeCloseTo(3.5 / 6, 12);
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(0.75, 12);
    expect(rocAuc([1, 1, 0, 0], [2, 2, 2, 2])).toBe(0.5);
    expect(rocAuc([0, 1], [0.2, 0.7])).toBe(1);
  });

  it('ROC AUC refuses a single class', () => {
    expect(() => rocAuc([1, 1], [0.2, 0.3])).toThrow(/both classes/);
  });

  it('macro F1 averages the per-class F1 over true and predicted classes', () => {
    // class 0: 2*1/(2+2) = 0.5; class 1: 2*2/(2+3) = 0.8; class 2: 2*1/(2+1) = 2/3
    expect(macroF1([0, 0, 1, 1, 2, 2], [0, 1, 1, 1, 0, 2])).toBeCloseTo(
      (0.5 + 0.8 + 2 / 3) / 3,
      12,
    );
    // a class that is only predicted scores 0 and still counts
    expect(macroF1([0, 0], [0, 1])).toBeCloseTo(1 / 3, 12);
    expect(accuracy([0, 0, 1, 1, 2, 2], [0, 1, 1, 1, 0, 2])).toBeCloseTo(4 / 6, 12);
  });

  it('R^2 is one minus residual over total sum of squares', () => {
    expect(r2Score([1, 2, 3], [1, 2, 4])).toBeCloseTo(0.5, 12);
    expect(r2Score([1, 2, 3], [2, 2, 2])).toBe(0);
  });
});

describe('binning', () => {
  it('cuts few distinct values at their midpoints and sends missing values to the last bin', () => {
    const x = dense([Float64Array.of(3, 1, 2, 2, Number.NaN, 1)]);
    const binner = fitBinner(x, new Rng(1));
    expect(Array.from(binner.thresholds[0] as Float64Array)).toEqual([1.5, 2.5]);
    const binned = applyBinner(binner, x);
    expect(Array.from(binned.bins[0] as Uint8Array)).toEqual([2, 0, 1, 1, 3, 0]);
  });

  it('keeps at most 255 bins for many distinct values', () => {
    const x = dense([uniform(5000, new Rng(2))]);
    const binner = fitBinner(x, new Rng(3));
    expect((binner.thresholds[0] as Float64Array).length).toBe(254);
  });
});

describe('gradient boosting', () => {
  it('learns XOR far above chance, where a linear model cannot', () => {
    const rng = new Rng(7);
    const train = xor(1500, rng);
    const test = xor(1000, rng);
    const gb = fitGradientBoostingClassifier(train.x, train.y, 2, new Rng(1), { maxIter: 40 });
    expect(accuracy(test.y, predictClasses(gb, test.x))).toBeGreaterThan(0.93);
    const lr = fitLogistic(train.x, train.y, 2);
    expect(accuracy(test.y, predictLogistic(lr, test.x))).toBeLessThan(0.65);
  });

  it('fits a step function for a numeric target', () => {
    const rng = new Rng(8);
    const make = (n: number) => {
      const a = uniform(n, rng);
      const y = Float64Array.from(a, (v) => (v > 0.3 ? 5 : -2) + 0.3 * rng.normal());
      return { x: dense([a, uniform(n, rng)]), y };
    };
    const train = make(1000);
    const test = make(500);
    const gb = fitGradientBoostingRegressor(train.x, train.y, new Rng(2), { maxIter: 50 });
    expect(r2Score(test.y, predictValues(gb, test.x))).toBeGreaterThan(0.95);
  });

  it('splits one-hot levels and separates three classes with softmax', () => {
    const rng = new Rng(9);
    const make = (n: number) => {
      const slot = Int32Array.from({ length: n }, () => rng.int(4)); // slot 3 = no one-hot set
      const a = uniform(n, rng);
      const y = Int32Array.from(
        slot,
        (s, i) => (Math.min(s, 2) + ((a[i] as number) > 0 ? 1 : 0)) % 3,
      );
      const x: Design = { ...dense([a]), discrete: [slot], discreteNames: ['c'], slots: [3] };
      return { x, y };
    };
    const train = make(1500);
    const test = make(600);
    const gb = fitGradientBoostingClassifier(train.x, train.y, 3, new Rng(3), { maxIter: 40 });
    expect(accuracy(test.y, predictClasses(gb, test.x))).toBeGreaterThan(0.95);
  });

  it('splits a one-hot level off from all the others, as a split on one one-hot column does', () => {
    const rng = new Rng(14);
    const slot = Int32Array.from({ length: 300 }, () => rng.int(3));
    const y = Int32Array.from(slot, (s) => (s === 1 ? 1 : 0));
    const x: Design = {
      ...dense([]),
      rows: 300,
      discrete: [slot],
      discreteNames: ['c'],
      slots: [3],
    };
    // one stump: only a "slot 1 against the rest" split can be perfect
    const stump = fitGradientBoostingClassifier(x, y, 2, new Rng(5), {
      maxIter: 1,
      maxLeafNodes: 2,
      learningRate: 1,
    });
    expect(accuracy(y, predictClasses(stump, x))).toBe(1);
  });

  it('stops early on a held-out tenth when asked, and is reproducible from its seed', () => {
    const rng = new Rng(10);
    const data = xor(1200, rng);
    // pure noise labels: validation loss stops improving quickly
    const noise = Int32Array.from(data.y, () => rng.int(2));
    const a = fitGradientBoostingClassifier(data.x, noise, 2, new Rng(4), { earlyStopping: true });
    const b = fitGradientBoostingClassifier(data.x, noise, 2, new Rng(4), { earlyStopping: true });
    expect(a.trees.length).toBeLessThan(60);
    expect(b.trees.length).toBe(a.trees.length);
    expect(Array.from(predictClasses(a, data.x))).toEqual(Array.from(predictClasses(b, data.x)));
  });

  it('refuses a single class', () => {
    const { x } = xor(50, new Rng(1));
    expect(() => fitGradientBoostingClassifier(x, new Int32Array(50), 1, new Rng(1))).toThrow(
      /two classes/,
    );
  });
});

describe('logistic regression', () => {
  it('recovers the weights of a linear boundary', () => {
    const rng = new Rng(11);
    const n = 6000;
    const a = Float64Array.from({ length: n }, () => rng.normal());
    const b = Float64Array.from({ length: n }, () => rng.normal());
    const y = Int32Array.from(a, (v, i) => {
      const z = 0.5 + 3 * v - 2 * (b[i] as number);
      return rng.uniform() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    });
    const model = fitLogistic(dense([a, b]), y, 2);
    const [w0, w1, w2] = Array.from(model.weights[0] as Float64Array);
    expect(w0).toBeCloseTo(0.5, 0);
    expect(Math.abs((w1 as number) - 3)).toBeLessThan(0.3);
    expect(Math.abs((w2 as number) + 2)).toBeLessThan(0.25);
  });

  it('separates three classes with a softmax over one-hot and dense features', () => {
    const rng = new Rng(12);
    const make = (n: number) => {
      const slot = Int32Array.from({ length: n }, () => rng.int(3));
      const a = Float64Array.from({ length: n }, () => 0.2 * rng.normal());
      const y = Int32Array.from(slot, (s, i) => ((a[i] as number) > 0.4 ? 2 : s === 2 ? 1 : s));
      const x: Design = { ...dense([a]), discrete: [slot], discreteNames: ['c'], slots: [3] };
      return { x, y };
    };
    const train = make(1500);
    const test = make(500);
    const model = fitLogistic(train.x, train.y, 3);
    expect(accuracy(test.y, predictLogistic(model, test.x))).toBeGreaterThan(0.95);
  });
});

describe('ridge regression', () => {
  it('recovers a linear trend with its intercept', () => {
    const rng = new Rng(13);
    const n = 2000;
    const a = Float64Array.from({ length: n }, () => rng.normal());
    const slot = Int32Array.from({ length: n }, () => rng.int(3)); // slot 2 = none set
    const y = Float64Array.from(
      a,
      (v, i) => 3 + 2 * v + (slot[i] === 0 ? 4 : 0) + 0.1 * rng.normal(),
    );
    const x: Design = { ...dense([a]), discrete: [slot], discreteNames: ['c'], slots: [2] };
    const model = fitRidge(x, y);
    expect(model.intercept).toBeCloseTo(3, 1);
    expect(model.weights[0]).toBeCloseTo(2, 1);
    expect(model.weights[1]).toBeCloseTo(4, 1);
    expect(r2Score(y, predictRidge(model, x))).toBeGreaterThan(0.99);
  });
});
