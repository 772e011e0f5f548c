/**
 * ARGN's early stopping and plateau schedule: only a gain worth the name resets the counters,
 * while any gain still marks the best weights.
 */
import { describe, expect, it } from 'vitest';
import { afterValidation, type ScheduleState } from '../../src/core/models/argn/argn-schedule';
import { ARGN_DEFAULTS } from '../../src/core/models/argn/config';

const fresh = (): ScheduleState => ({
  best: Infinity,
  gainFrom: Infinity,
  sinceBest: 0,
  sinceCut: 0,
  firstLearningRate: 0.003,
});

/** The epoch (1-based) at which training stops on `losses`, or null; and the best epoch. */
function run(losses: number[], minRelativeGain: number) {
  const s = fresh();
  let rate = s.firstLearningRate;
  let bestEpoch = 0;
  for (let i = 0; i < losses.length; i += 1) {
    const step = afterValidation(s, losses[i] as number, rate, {
      ...ARGN_DEFAULTS,
      minRelativeGain,
    });
    rate = step.learningRate;
    if (step.best) bestEpoch = i + 1;
    if (step.stop) return { stop: i + 1, bestEpoch, rate };
  }
  return { stop: null, bestEpoch, rate };
}

// validation losses of ARGN on the adult split (nats/row), epochs 20 to 40 of a real run: a long
// plateau of gains of a few thousandths
const plateau = [
  21.9663, 21.9654, 21.9623, 21.9572, 21.9595, 21.9553, 21.9554, 21.9567, 21.9547, 21.954, 21.9544,
  21.9544, 21.952, 21.9508, 21.9515, 21.9499, 21.9538, 21.9561, 21.9567, 21.9491, 21.9513,
];

describe("ARGN's validation schedule", () => {
  it('runs on through a plateau of tiny gains when every gain counts', () => {
    expect(run(plateau, 0).stop).toBeNull();
  });

  it('stops on that plateau when a gain must be worth 0.01 % of the loss, keeping the best weights', () => {
    const out = run(plateau, 1e-4);
    expect(out.stop).not.toBeNull();
    expect(out.stop as number).toBeLessThan(plateau.length);
    // the weights kept are still those of the lowest loss seen before the stop
    const seen = plateau.slice(0, out.stop as number);
    expect(out.bestEpoch).toBe(seen.indexOf(Math.min(...seen)) + 1);
    // and the learning rate was cut on the way, not below its floor
    expect(out.rate).toBeLessThan(0.003);
    expect(out.rate).toBeGreaterThanOrEqual(0.003 * ARGN_DEFAULTS.minLearningRateShare);
  });

  it('counts small gains that add up to one worth the name', () => {
    // 0.004 % per epoch: no single gain counts, but three in a row reach 0.01 %
    const slow = Array.from({ length: 12 }, (_, i) => 22 * (1 - 4e-5 * i));
    expect(run(slow, 1e-4).stop).toBeNull();
  });

  it('goes on while the loss falls clearly', () => {
    const falling = Array.from({ length: 30 }, (_, i) => 25 - 0.05 * i);
    expect(run(falling, 1e-4).stop).toBeNull();
    expect(run([...falling, 30, 30, 30, 30], 1e-4).stop).toBe(34);
  });
});
