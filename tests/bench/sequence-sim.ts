/**
 * A simulator of entities with events whose structure is known, for the sequence models' tests
 * and benchmarks: customers (segment, age) with a random number of purchases; the amount follows
 * an AR(1) around a segment level (phi 0.8), the channel a two-state Markov chain (stays with
 * probability 0.85), the day grows by gamma gaps (shape 2, scale 5 for gold, else 15); purchases
 * per customer are 1 + Poisson(12, 7, 3) by segment. The same process as the judge's self-test.
 */
import { Rng } from '../../src/core/rng';

export interface SimulatedRows {
  names: string[];
  rows: string[][];
}

const SEGMENTS = ['gold', 'silver', 'bronze'] as const;
const SHARE = [0.2, 0.3, 0.5];
const MEAN_PURCHASES = { gold: 12, silver: 7, bronze: 3 };
const LEVEL = { gold: 120, silver: 60, bronze: 25 };

/** Marsaglia and Tsang's gamma draw (shape >= 1). */
export function gamma(shape: number, scale: number, rng: Rng): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x = rng.normal();
    let v = 1 + c * x;
    while (v <= 0) {
      x = rng.normal();
      v = 1 + c * x;
    }
    v = v * v * v;
    const u = rng.uniform();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v * scale;
  }
}

/** Knuth's Poisson draw (small means). */
export function poisson(mean: number, rng: Rng): number {
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rng.uniform();
  while (p > limit) {
    k += 1;
    p *= rng.uniform();
  }
  return k;
}

const round = (x: number, d: number) => String(Math.round(x * 10 ** d) / 10 ** d);

/** `n` customers as one long table: customer, segment, age, day, amount, channel. */
export function simulateCustomers(
  n: number,
  seed: number,
  prefix = `c${seed}-`,
  /** Multiplies the mean purchases per segment (the scale bench's 20 events on average: 19 / 6). */
  purchaseScale = 1,
): SimulatedRows {
  const rng = new Rng(seed);
  const rows: string[][] = [];
  for (let i = 0; i < n; i += 1) {
    const seg = SEGMENTS[rng.weighted(SHARE)] as (typeof SEGMENTS)[number];
    const age = 18 + rng.int(62);
    const k = 1 + poisson(MEAN_PURCHASES[seg] * purchaseScale, rng);
    const level = LEVEL[seg];
    let amount = level;
    let channel = rng.uniform() < 0.5 ? 'web' : 'store';
    let day = 0;
    for (let j = 0; j < k; j += 1) {
      amount = level + 0.8 * (amount - level) + rng.normal() * level * 0.2;
      if (rng.uniform() >= 0.85) channel = channel === 'web' ? 'store' : 'web';
      day += gamma(2, seg === 'gold' ? 5 : 15, rng);
      rows.push([`${prefix}${i}`, seg, String(age), round(day, 1), round(amount, 2), channel]);
    }
  }
  return { names: ['customer', 'segment', 'age', 'day', 'amount', 'channel'], rows };
}
