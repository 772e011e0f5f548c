/**
 * ARGN's training orders (argn-setup.ts `stepRanks`): a share of the steps in the table's own
 * column order (the order generation draws in), the rest in random orders, a position within a
 * bin always right after its bin.
 */
import { describe, expect, it } from 'vitest';
import { checkConfig, stepRanks } from '../../src/core/models/argn/argn-setup';
import { ARGN_DEFAULTS } from '../../src/core/models/argn/config';
import { Rng } from '../../src/core/rng';

// four table columns; column 1 is a number with a position token after its bin
const order = { owner: [0, 1, 1, 2, 3], subRank: [0, 0, 1, 0, 0] };
const writeOrder = [0, 2, 3, 4, 6];

/** The share of `n` steps drawn in write order, and every step's ranks. */
function draws(share: number, n: number) {
  const rng = new Rng(11);
  const all = Array.from({ length: n }, () => Array.from(stepRanks(order, share, rng)));
  const inOrder = all.filter((r) => r.join() === writeOrder.join()).length / n;
  return { all, inOrder };
}

describe('ARGN training orders', () => {
  it('trains every step in write order at share 1, about half at 0.5, by chance only at 0', () => {
    expect(draws(1, 200).inOrder).toBe(1);
    const half = draws(0.5, 2000).inOrder;
    // 0.5 by share, plus 1/24 of the random half landing on write order by chance
    expect(half).toBeGreaterThan(0.47);
    expect(half).toBeLessThan(0.57);
    expect(draws(0, 2000).inOrder).toBeLessThan(0.07);
  });

  it('keeps every random order a permutation, each position right after its bin', () => {
    const { all } = draws(0.5, 500);
    const seen = new Set<string>();
    for (const r of all) {
      const columnRanks = [r[0], r[1], r[3], r[4]] as number[];
      expect([...columnRanks].sort((a, b) => a - b)).toEqual([0, 2, 4, 6]);
      expect(r[2]).toBe((r[1] as number) + 1);
      seen.add(columnRanks.join());
    }
    expect(seen.size).toBe(24);
  });

  it('refuses a share outside [0, 1]', () => {
    expect(() => checkConfig({ ...ARGN_DEFAULTS, writeOrderShare: 1.5 })).toThrow(
      /write order must be in \[0, 1\]/,
    );
    expect(() => checkConfig({ ...ARGN_DEFAULTS, writeOrderShare: -0.1 })).toThrow();
    expect(() => checkConfig(ARGN_DEFAULTS)).not.toThrow();
  });
});
