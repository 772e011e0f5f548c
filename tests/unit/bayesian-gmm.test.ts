import { describe, it, expect } from 'vitest';
import { Rng } from '../../src/core/rng';
import {
  digamma,
  fitBayesianGmm,
  keepModes,
  logGamma,
  predictProba,
  type GaussianMixture1D,
} from '../../src/core/data/bayesian-gmm';

/** n draws from a mixture of normals given as [weight, mean, std] triples. */
function mixtureSample(n: number, parts: [number, number, number][], rng: Rng): Float64Array {
  const weights = parts.map(([w]) => w);
  const x = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    const [, mean, std] = parts[rng.weighted(weights)] as [number, number, number];
    x[i] = mean + std * rng.normal();
  }
  return x;
}

const THREE_MODES: [number, number, number][] = [
  [0.3, -10, 1],
  [0.5, 0, 0.5],
  [0.2, 8, 2],
];

describe('special functions', () => {
  it('digamma matches known values and its recurrence', () => {
    expect(digamma(1)).toBeCloseTo(-0.5772156649015329, 10);
    expect(digamma(0.5)).toBeCloseTo(-1.9635100260214235, 10);
    expect(digamma(0.001)).toBeCloseTo(digamma(1.001) - 1 / 0.001, 9);
    expect(digamma(1e4)).toBeCloseTo(Math.log(1e4) - 0.5e-4 - 1 / 12e8, 12);
  });

  it('logGamma matches known values', () => {
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 10);
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 10);
    expect(logGamma(0.001)).toBeCloseTo(logGamma(1.001) - Math.log(0.001), 10);
  });
});

describe('fitBayesianGmm', () => {
  // Like sklearn with n_init=1 and max_iter=100, the fit depends on the k-means++ draw: on such
  // samples about half the seeds leave one mode split in two after 100 iterations (measured
  // over 20 seeds), so the seed is pinned.
  it('finds the three modes of a known three-mode sample', () => {
    const x = mixtureSample(3000, THREE_MODES, new Rng(1));
    const kept = keepModes(fitBayesianGmm(x, new Rng(1)).mixture);
    expect(kept.means).toHaveLength(3);
    THREE_MODES.forEach(([weight, mean, std], j) => {
      expect(Math.abs((kept.means[j] as number) - mean)).toBeLessThan(0.2);
      expect(Math.abs((kept.stds[j] as number) / std - 1)).toBeLessThan(0.2);
      expect(Math.abs((kept.weights[j] as number) - weight)).toBeLessThan(0.03);
    });
  });

  it('returns expected weights that sum to 1 and switches spare components off', () => {
    const x = mixtureSample(3000, THREE_MODES, new Rng(1));
    const { mixture } = fitBayesianGmm(x, new Rng(1));
    expect(mixture.weights.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 12);
    expect(mixture.weights.filter((w) => w < 0.005).length).toBeGreaterThanOrEqual(5);
  });

  it('gives a far cluster of 0.2% of the rows its own tiny-weight component, which is dropped', () => {
    const rng = new Rng(3);
    const x = new Float64Array(3000).map((_, i) => (i < 6 ? 50 : 0) + rng.normal());
    const { mixture } = fitBayesianGmm(x, new Rng(4));
    const far = mixture.means.findIndex((m) => m > 25);
    expect(far).toBeGreaterThanOrEqual(0);
    expect(mixture.weights[far]).toBeLessThan(0.005);
    const kept = keepModes(mixture);
    expect(kept.means.every((m) => m < 25)).toBe(true);
    expect(kept.weights.every((w) => w > 0.005)).toBe(true);
  });

  it('uses no more components than the data has distinct values', () => {
    const x = new Float64Array(600).map((_, i) => i % 3);
    const { mixture } = fitBayesianGmm(x, new Rng(1));
    expect(mixture.means).toHaveLength(3);
    const kept = keepModes(mixture);
    expect(kept.means.map((m) => Math.round(m))).toEqual([0, 1, 2]);
  });

  it('gives the same fit for the same seed', () => {
    const x = mixtureSample(1000, THREE_MODES, new Rng(5));
    expect(fitBayesianGmm(x, new Rng(9))).toEqual(fitBayesianGmm(x, new Rng(9)));
  });

  it('refuses data with fewer than two distinct values', () => {
    expect(() => fitBayesianGmm(new Float64Array([4, 4, 4]), new Rng(1))).toThrow();
  });
});

describe('keepModes', () => {
  const mixture: GaussianMixture1D = {
    weights: [0.5, 0.004, 0.3, 0.005, 0.191],
    means: [3, 100, -1, 50, 7],
    stds: [1, 1, 2, 1, 3],
    logWeights: [-0.7, -5.5, -1.2, -5.3, -1.7],
    meanPrecisions: [501, 5, 301, 6, 192],
    degreesOfFreedom: [501, 5, 301, 6, 192],
  };

  it('keeps the modes with weight above 0.005, sorted by mean, weights as fitted', () => {
    const kept = keepModes(mixture);
    expect(kept.means).toEqual([-1, 3, 7]);
    expect(kept.weights).toEqual([0.3, 0.5, 0.191]);
    expect(kept.stds).toEqual([2, 1, 3]);
    expect(kept.logWeights).toEqual([-1.2, -0.7, -1.7]);
  });
});

describe('predictProba', () => {
  const x = mixtureSample(3000, THREE_MODES, new Rng(1));
  const kept = keepModes(fitBayesianGmm(x, new Rng(1)).mixture);

  it('gives rows of probabilities that sum to 1', () => {
    const proba = predictProba(kept, [-12, -5, 0, 3, 8, 40]);
    expect(proba).toHaveLength(6 * 3);
    for (let i = 0; i < 6; i += 1) {
      const row = Array.from(proba.subarray(i * 3, i * 3 + 3));
      expect(row.every((p) => p >= 0 && p <= 1)).toBe(true);
      expect(row.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
    }
  });

  it('puts a value at a mode centre in that mode', () => {
    const proba = predictProba(kept, [-10, 0, 8]);
    expect(proba[0]).toBeGreaterThan(0.99);
    expect(proba[4]).toBeGreaterThan(0.99);
    expect(proba[8]).toBeGreaterThan(0.99);
  });
});
