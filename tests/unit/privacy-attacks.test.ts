import { describe, expect, it } from 'vitest';
import type { ModelTable } from '../../src/core/data/model-table';
import { attackSpace, type AttackColumn } from '../../src/core/eval/attacks/attack-table';
import { rightGuess, inferenceAttack } from '../../src/core/eval/attacks/inference';
import { countLinks, linkabilityAttack } from '../../src/core/eval/attacks/linkability';
import { nearestRows, neighbourIndex } from '../../src/core/eval/attacks/nearest';
import { countable, countMatches } from '../../src/core/eval/attacks/predicates';
import {
  AttackInputError,
  defaultLinkColumns,
  defaultSecrets,
  runPrivacyAttacks,
} from '../../src/core/eval/attacks/privacy-attacks';
import { attackResult, successRate } from '../../src/core/eval/attacks/risk';
import {
  fitWeightPrior,
  logGamma,
  singleOutChance,
  singlingOutAttack,
} from '../../src/core/eval/attacks/singling-out';
import { takeRows } from '../../src/core/eval/eval-tables';
import { Rng } from '../../src/core/rng';

const COLOURS = ['red', 'green', 'blue', 'grey', null];

/** A random table of people: age (some missing), income, colour and a yes/no flag. */
function people(rows: number, seed: number): ModelTable {
  const rng = new Rng(seed);
  const age = new Float64Array(rows);
  const income = new Float64Array(rows);
  const colour = new Int32Array(rows);
  const flag = new Int32Array(rows);
  for (let i = 0; i < rows; i += 1) {
    age[i] = rng.uniform() < 0.05 ? NaN : 18 + rng.int(60);
    income[i] = Math.round(20000 + rng.uniform() * 80000);
    colour[i] = rng.int(COLOURS.length);
    flag[i] = rng.int(2);
  }
  return {
    rows,
    columns: [
      { type: 'numeric', name: 'age', values: age, integer: true },
      { type: 'discrete', name: 'colour', codes: colour, levels: COLOURS },
      { type: 'numeric', name: 'income', values: income, integer: true },
      { type: 'discrete', name: 'flag', codes: flag, levels: ['yes', 'no'] },
    ],
  };
}

const range = (a: number, b: number) => Int32Array.from({ length: b - a }, (_, i) => a + i);

describe('attack risk (Anonymeter definitions)', () => {
  it('estimates a success rate with the Wilson score interval', () => {
    const r = successRate(30, 100);
    // (30 + z^2/2) / (100 + z^2) and z / (100 + z^2) * sqrt(30 * 70 / 100 + z^2 / 4)
    expect(r.value).toBeCloseTo(0.3074, 4);
    expect(r.error).toBeCloseTo(0.08845, 4);
  });

  it('normalises the excess over the control and clips the risk to 0-1', () => {
    const r = attackResult(1000, 600, 200, 100);
    expect(r.risk).toBeCloseTo((r.attackRate - r.controlRate) / (1 - r.controlRate), 10);
    expect(r.ci[0]).toBeLessThan(r.risk);
    expect(r.ci[1]).toBeGreaterThan(r.risk);
    expect(r.warning).toBeUndefined();
    const none = attackResult(1000, 100, 300, 50);
    expect(none.risk).toBe(0);
    expect(none.ci[0]).toBe(0);
  });

  it('warns when the naive baseline does as well as the attack', () => {
    expect(attackResult(500, 100, 90, 120).warning).toMatch(/too weak/);
  });
});

describe('singling out', () => {
  it('counts the rows a predicate matches, through posting lists or a scan, up to a cap', () => {
    const t = people(200, 1);
    const space = attackSpace(t, t, t);
    const rows = countable(
      space.train,
      space.columns.map((c) => c.numeric),
    );
    const colour = t.columns[1] as { codes: Int32Array };
    const age = t.columns[0] as { values: Float64Array };
    let red = 0;
    let redOld = 0;
    for (let i = 0; i < t.rows; i += 1) {
      if (colour.codes[i] === 0) red += 1;
      if (colour.codes[i] === 0 && (age.values[i] as number) >= 60) redOld += 1;
    }
    const ageColumn = space.columns[0] as AttackColumn;
    const ageAt60 = (60 - ageColumn.lo) / ageColumn.range;
    expect(countMatches(rows, [{ column: 1, op: 'eq', value: 0 }], 1000)).toBe(red);
    expect(
      countMatches(
        rows,
        [
          { column: 1, op: 'eq', value: 0 },
          { column: 0, op: 'ge', value: ageAt60 },
        ],
        1000,
      ),
    ).toBe(redOld);
    expect(countMatches(rows, [{ column: 1, op: 'eq', value: 0 }], 2)).toBe(2);
    const missing = Array.from(age.values).filter((v) => Number.isNaN(v)).length;
    expect(countMatches(rows, [{ column: 0, op: 'missing', value: 0 }], 1000)).toBe(missing);
  });

  it('succeeds on every training row the synthetic table copies and on none it lacks', () => {
    const train = people(400, 2);
    const control = people(400, 3);
    const space = attackSpace(train, control, train);
    const r = singlingOutAttack(
      space,
      { mode: 'multivariate', attacks: 100, columns: 3 },
      new Rng(4),
    );
    // a predicate that singles out one synthetic row singles out its copy among the training rows
    expect(r.attackRate).toBeGreaterThan(0.95);
    expect(r.controlRate).toBeLessThan(0.6);
    expect(r.risk).toBeGreaterThan(0.5);
  });

  it('computes the gamma function and the size correction', () => {
    expect(Math.exp(logGamma(5)) / 24).toBeCloseTo(1, 6);
    expect(Math.exp(logGamma(0.5)) / Math.sqrt(Math.PI)).toBeCloseTo(1, 6);
    expect(logGamma(30000) - logGamma(29999)).toBeCloseTo(Math.log(29999), 6);
    // a predicate seen once in n rows: the chance it singles out one of n fresh rows, uniform prior
    const c = singleOutChance(1, 1000, 1000);
    expect(c).toBeGreaterThan(0.2);
    expect(c).toBeLessThan(0.3);
    // more rows make a rare predicate less likely to single out exactly one
    expect(singleOutChance(1, 1000, 10000)).toBeLessThan(singleOutChance(1, 1000, 1000));
  });

  it('fits a weight prior whose mean follows the counts', () => {
    const rng = new Rng(5);
    const counts = Int32Array.from({ length: 2000 }, () =>
      rng.uniform() < 0.5 ? 0 : 1 + rng.int(3),
    );
    const prior = fitWeightPrior(counts, 1000);
    const mean = prior.alpha / (prior.alpha + prior.beta);
    const observed = counts.reduce((s, c) => s + c, 0) / counts.length / 1000;
    expect(mean / observed).toBeGreaterThan(0.7);
    expect(mean / observed).toBeLessThan(1.4);
  });
});

describe('linkability', () => {
  it('counts a link when the two neighbour lists share a row', () => {
    const a = Int32Array.from([1, 2, 3, 4, 5, 6]);
    const b = Int32Array.from([2, 9, 7, 8, 6, 5]);
    expect(countLinks(a, b, 2)).toBe(2);
    expect(countLinks(Int32Array.from([1, 2]), Int32Array.from([1, 3]), 1)).toBe(1);
  });

  it('finds the exact nearest synthetic rows', () => {
    const t = people(300, 6);
    const space = attackSpace(t, t, t);
    const index = neighbourIndex(space.columns, space.synth, [0, 1, 2, 3], new Rng(1));
    const found = nearestRows(index, space.train, range(0, 50), 1);
    // each row's nearest synthetic row is itself (or an identical row)
    found.forEach((s, i) => {
      for (const col of space.columns.keys()) {
        const v = space.synth.values[col] as Float64Array;
        expect(Object.is(v[s], v[i])).toBe(true);
      }
    });
  });

  it('links training rows the synthetic table copies, not control rows', () => {
    const train = people(300, 7);
    const control = people(300, 8);
    const space = attackSpace(train, control, train);
    const r = linkabilityAttack(
      space,
      { train: range(0, 200), control: range(0, 200) },
      // income (nearly unique) with colour, against age with the flag
      { attacks: 200, columnsA: [2, 1], columnsB: [0, 3], neighbours: 3 },
      new Rng(9),
    );
    // the income part finds the copy itself; the age part has it among its 3 nearest often
    expect(r.attackRate).toBeGreaterThan(0.3);
    expect(r.controlRate).toBeLessThan(0.1);
    expect(r.risk).toBeGreaterThan(0.25);
    expect(r.columnsA).toEqual(['income', 'colour']);
  });
});

describe('inference', () => {
  it('takes a numeric guess within 5% of the secret as right, and missing for missing', () => {
    const column = { name: 'x', numeric: true, lo: 0, range: 100, purity: 0 };
    expect(rightGuess(column, 0.52, 0.5)).toBe(true);
    expect(rightGuess(column, 0.56, 0.5)).toBe(false);
    expect(rightGuess(column, NaN, NaN)).toBe(true);
    expect(rightGuess(column, NaN, 0.5)).toBe(false);
    const cat = { name: 'c', numeric: false, lo: 0, range: 1, purity: 0.5 };
    expect(rightGuess(cat, 2, 2)).toBe(true);
    expect(rightGuess(cat, 2, 3)).toBe(false);
  });

  it('guesses the secret of every copied training row and counts the right guesses', () => {
    const train = people(300, 10);
    const control = people(300, 11);
    const space = attackSpace(train, control, train);
    const r = inferenceAttack(
      space,
      { train: range(0, 300), control: range(0, 300) },
      { attacks: 300, secret: 1 },
      new Rng(12),
    );
    // knowing income (nearly unique) finds the copy, so the colour guess is right
    expect(r.secret).toBe('colour');
    expect(r.known).toBe(3);
    expect(r.attackRate).toBeGreaterThan(0.97);
    expect(r.controlRate).toBeLessThan(0.4);
    expect(r.baselineRate).toBeLessThan(0.35);
  });
});

describe('runPrivacyAttacks', () => {
  const train = people(600, 20);
  const holdout = people(300, 21);
  const synth = takeRows(train, range(0, 500));

  it('gives the same figures for the same seed, and others for another seed', () => {
    const run = (seed: number) => {
      const r = runPrivacyAttacks({ train, holdout, synth, settings: { attacks: 200 }, seed });
      return { ...r, seconds: 0 };
    };
    const a = run(1);
    expect(run(1)).toEqual(a);
    expect(run(2)).not.toEqual(a);
    expect(Object.keys(a.inference)).toEqual(['flag']);
    expect(a.linkability?.columnsA).toEqual(['age', 'colour']);
  });

  it('reports progress from 0 to 1', () => {
    const shares: number[] = [];
    runPrivacyAttacks({
      train,
      holdout,
      synth,
      settings: { attacks: 100, secrets: ['income', 'colour'] },
      seed: 1,
      onProgress: (s) => shares.push(s),
    });
    expect(shares.length).toBeGreaterThan(4);
    expect(shares.at(-1)).toBe(1);
    for (let i = 1; i < shares.length; i += 1)
      expect(shares[i]).toBeGreaterThanOrEqual(shares[i - 1] as number);
  });

  it('defaults to the target as the secret and to halves of the columns for linkability', () => {
    expect(defaultSecrets(['a', 'b', 'c'], 'b')).toEqual(['b']);
    expect(defaultSecrets(['a', 'b', 'c'])).toEqual(['c']);
    expect(defaultLinkColumns(['a', 'b', 'c'])).toEqual([['a', 'b'], ['c']]);
  });

  it('refuses bad input with a clear message', () => {
    const run =
      (settings: object, h: ModelTable | null = holdout) =>
      () =>
        runPrivacyAttacks({
          train,
          holdout: h,
          synth,
          settings: { attacks: 100, ...settings },
          seed: 1,
        });
    expect(run({}, null)).toThrow(AttackInputError);
    expect(run({}, null)).toThrow(/no holdout rows/);
    expect(run({ secrets: ['salary'] })).toThrow(/no column "salary"/);
    expect(run({ attacks: 301 })).toThrow(/holdout has 300 rows, fewer than the 301 attacks/);
    expect(run({ linkColumns: [['age'], ['age', 'flag']] })).toThrow(/must not share a column/);
    expect(run({ attacks: 0 })).toThrow(/at least 1/);
  });
});
