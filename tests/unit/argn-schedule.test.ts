/**
 * ARGN's validation schedule (argn-schedule.ts): every gain keeps the weights and resets the
 * counters; a plateau halves the learning rate down to its floor; `stopPatience` epochs without
 * a gain stop training.
 */
import { describe, expect, it } from 'vitest';
import { afterValidation, type ScheduleState } from '../../src/core/models/argn/argn-schedule';
import { ARGN_DEFAULTS } from '../../src/core/models/argn/config';

const fresh = (): ScheduleState => ({
  best: Infinity,
  sinceBest: 0,
  sinceCut: 0,
  firstLearningRate: 0.004,
});

/** The epoch (1-based) at which training stops on `losses` (or null), the best epoch, the rates. */
function run(losses: number[]) {
  const s = fresh();
  let rate = s.firstLearningRate;
  let bestEpoch = 0;
  const rates: number[] = [];
  for (let i = 0; i < losses.length; i += 1) {
    const step = afterValidation(s, losses[i] as number, rate, ARGN_DEFAULTS);
    rate = step.learningRate;
    rates.push(rate);
    if (step.best) bestEpoch = i + 1;
    if (step.stop) return { stop: i + 1, bestEpoch, rates };
  }
  return { stop: null, bestEpoch, rates };
}

// validation losses of ARGN on the adult split (nats/row), epochs 20 to 40 of a real run: a long
// plateau of gains of a few thousandths, each of which still counts
const plateau = [
  21.9663, 21.9654, 21.9623, 21.9572, 21.9595, 21.9553, 21.9554, 21.9567, 21.9547, 21.954, 21.9544,
  21.9544, 21.952, 21.9508, 21.9515, 21.9499, 21.9538, 21.9561, 21.9567, 21.9491, 21.9513,
];

describe("ARGN's validation schedule", () => {
  it('runs on through a plateau of small gains, keeping the lowest loss', () => {
    const out = run(plateau);
    expect(out.stop).toBeNull();
    expect(out.bestEpoch).toBe(plateau.indexOf(Math.min(...plateau)) + 1);
  });

  it('halves the learning rate after two epochs without a gain, never below its floor', () => {
    const flat = [22, 22, 22, 22, 22, 22];
    const { rates, stop } = run(flat);
    expect(rates[0]).toBe(0.004);
    expect(rates[2]).toBeCloseTo(0.002);
    expect(stop).toBe(1 + ARGN_DEFAULTS.stopPatience);
    const long = run([22, ...Array.from({ length: 30 }, () => 23)]);
    expect(Math.min(...long.rates)).toBeGreaterThanOrEqual(
      0.004 * ARGN_DEFAULTS.minLearningRateShare,
    );
  });

  it('stops after stopPatience epochs without a gain, and a gain resets the count', () => {
    const rising = [25, 24, 23, 23.5, 23.5, 23.5, 22.9, 23, 23, 23, 23];
    const out = run(rising);
    expect(out.bestEpoch).toBe(7);
    expect(out.stop).toBe(7 + ARGN_DEFAULTS.stopPatience);
  });
});
