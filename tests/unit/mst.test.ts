/**
 * MST under differential privacy, through the same pipeline the CLI and the page use: the
 * canary (an extreme value and a unique level, held by one row) reaches neither the model file
 * nor 100,000 sampled rows; the budget in the file adds up and is recomputed from its own
 * parameters; bad budgets are refused in words before anything is kept; the model is seeded,
 * keeps a strong dependence, and loads back from its file.
 */
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/cli/args';
import { dpSettings, readDpOptions } from '../../src/cli/dp-options';
import { parseModel, serializeModel } from '../../src/core/io/model-file';
import {
  DpRefusal,
  Synthesis,
  type ModelKind,
  type SynthesisConfig,
} from '../../src/core/pipeline';
import type { GaussianZcdpPart } from '../../src/core/privacy/budget';
import { zcdpEpsilon } from '../../src/core/privacy/zcdp';
import { CANARY_LEVEL, CANARY_VALUE, canaryCsv, cityLevelsOf, trainText } from './dp-fixtures';

const csv = (canary: boolean, rows = 4000) => canaryCsv(canary, rows);

const train = trainText;

const mst = (epsilon: number, delta = 1e-6, seed = 1): SynthesisConfig => ({
  model: 'mst',
  epochs: 1,
  seed,
  privacy: { epsilon, delta },
});

describe('MST under differential privacy', () => {
  it('keeps a canary (extreme value, unique level) out of the model file and 100,000 rows', async () => {
    const synthesis = await train(csv(true), mst(1));
    const file = serializeModel(await synthesis.toFile());
    expect(file).not.toContain(CANARY_LEVEL);
    expect(file).not.toContain(String(CANARY_VALUE));
    const model = JSON.parse(file) as { state: { columns: { low?: number; high?: number }[] } };
    for (const c of model.state.columns) expect(c.high ?? 0).toBeLessThan(1e6);
    const { names, rows } = await synthesis.sampleRows(100_000, 3);
    expect(rows).toHaveLength(100_000);
    const city = names.indexOf('city');
    const age = names.indexOf('age');
    const spend = names.indexOf('spend');
    let largest = 0;
    for (const row of rows) {
      expect(row[city]).not.toBe(CANARY_LEVEL);
      largest = Math.max(largest, Number(row[age]), Number(row[spend]));
    }
    expect(largest).toBeLessThan(1e6);
    // the data's own levels do come through
    const { levels, noiseShare } = cityLevelsOf(rows, city);
    expect(levels).toEqual(new Set(['Leeds', 'York', 'Hull']));
    expect(noiseShare).toBeLessThan(0.05);
  }, 60_000);

  it('writes a differentialPrivacy block whose parts add up and recompute from their rho', async () => {
    const synthesis = await train(csv(false), mst(2, 1e-6));
    const dp = (await synthesis.toFile()).differentialPrivacy;
    expect(dp).toBeTruthy();
    if (!dp) return;
    expect(dp.epsilon).toBeLessThanOrEqual(2);
    expect(dp.epsilon).toBeGreaterThan(1.99);
    expect(dp.delta).toBeCloseTo(1e-6, 15);
    expect(dp.parts.map((p) => p.mechanism)).toEqual(['gaussian-zcdp', 'gaussian-zcdp']);
    const sum = dp.parts.reduce((s, p) => s + p.epsilon, 0);
    expect(dp.epsilon).toBeCloseTo(sum, 12);
    for (const part of dp.parts as GaussianZcdpPart[]) {
      const recomputed = zcdpEpsilon(part.rho, part.delta);
      expect(recomputed).toBeLessThanOrEqual(part.epsilon);
      expect(recomputed).toBeGreaterThan(part.epsilon * 0.99);
    }
    expect(dp.parts[0]?.purpose).toMatch(/value ranges and category levels/);
  }, 60_000);

  it('spends nothing on ranges and levels when they are all public', async () => {
    const config = mst(1);
    config.privacy = {
      epsilon: 1,
      delta: 1e-6,
      publicFacts: {
        age: { min: 18, max: 80 },
        spend: { min: 0, max: 200 },
        city: { levels: ['Leeds', 'York', 'Hull'] },
        plan: { levels: ['basic', 'plus', 'pro'] },
      },
    };
    const dp = (await train(csv(true), config)).privacy;
    expect(dp?.parts).toHaveLength(1);
    expect(dp?.parts[0]?.purpose).toMatch(/^MST/);
  }, 60_000);

  it('refuses a bad epsilon or delta, and a budget too small for the table, in words', async () => {
    await expect(train(csv(false, 300), mst(0))).rejects.toThrow(
      /Epsilon must be a number above 0/,
    );
    await expect(train(csv(false, 300), mst(-2))).rejects.toThrow(DpRefusal);
    await expect(train(csv(false, 300), mst(1, 1))).rejects.toThrow(/Delta must be/);
    await expect(train(csv(false, 300), mst(0.01))).rejects.toThrow(
      /too small for this table.*would need epsilon of about \d+ in all/s,
    );
    const noBudget: SynthesisConfig = { model: 'mst', epochs: 1, seed: 1 };
    await expect(train(csv(false, 300), noBudget)).rejects.toThrow(/needs a privacy budget/);
  }, 60_000);

  it('draws its noise in secret, samples by seed, keeps a strong dependence, and loads back', async () => {
    const a = await train(csv(false), mst(8, 1e-6, 5));
    const b = await train(csv(false), mst(8, 1e-6, 5));
    const rowsA = (await a.sampleRows(2000, 9)).rows;
    // the same seed does not replay the noise (the file records the seed)...
    expect((await b.sampleRows(2000, 9)).rows).not.toEqual(rowsA);
    // ...while a fitted model samples the same rows for the same seed
    expect((await a.sampleRows(2000, 9)).rows).toEqual(rowsA);
    // plan follows city in 90% of the real rows
    const { names } = await a.sampleRows(1, 9);
    const city = names.indexOf('city');
    const plan = names.indexOf('plan');
    const tied = rowsA.filter(
      (r) =>
        (r[city] === 'Leeds' && r[plan] === 'basic') ||
        (r[city] === 'York' && r[plan] === 'plus') ||
        (r[city] === 'Hull' && r[plan] === 'pro'),
    ).length;
    expect(tied / rowsA.length).toBeGreaterThan(0.85);
    const loaded = await Synthesis.fromFile(parseModel(serializeModel(await a.toFile())));
    expect((await loaded.sampleRows(2000, 9)).rows).toEqual(rowsA);
    expect(loaded.privacy?.epsilon).toBe(a.privacy?.epsilon);
  }, 60_000);
});

describe('the command line DP options', () => {
  const options = (argv: string[], model: ModelKind) =>
    readDpOptions(parseArgs(argv, ['epsilon', 'delta', 'public-bounds', 'target']), model);

  it('refuses --epsilon with a model without DP, and MST without --epsilon', () => {
    expect(() => options(['--epsilon', '1'], 'ctgan')).toThrow(
      /need a model that trains under differential privacy \(argn, mst\); ctgan gives no formal privacy guarantee/,
    );
    expect(() => options([], 'mst')).toThrow(/give --epsilon/);
    expect(options([], 'copula')).toBeNull();
    // ARGN trains under DP when asked, and as before without --epsilon
    expect(options([], 'argn')).toBeNull();
    expect(options(['--epsilon', '4'], 'argn')?.epsilon).toBe(4);
  });

  it('refuses epsilon <= 0, delta >= 1, delta not below 1/rows, and a non-number', () => {
    expect(() => options(['--epsilon', '0'], 'mst')).toThrow(/Epsilon must be a number above 0/);
    expect(() => options(['--epsilon', '1', '--delta', '1'], 'mst')).toThrow(/Delta must be/);
    expect(() => options(['--epsilon', 'lots'], 'mst')).toThrow(/must be a number, not "lots"/);
    const request = options(['--epsilon', '1', '--delta', '0.01'], 'mst');
    expect(request).not.toBeNull();
    if (request)
      expect(() => dpSettings(request, 500)).toThrow(/not below 1 divided by the 500 rows/);
  });

  it('defaults delta to 1e-5, or 0.1 / rows when that is smaller', () => {
    const request = options(['--epsilon', '1'], 'mst');
    if (!request) throw new Error('no request');
    expect(dpSettings(request, 1000).delta).toBe(1e-5);
    expect(dpSettings(request, 1_000_000).delta).toBeCloseTo(1e-7, 15);
  });
});
