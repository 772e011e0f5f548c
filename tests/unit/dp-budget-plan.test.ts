/**
 * The budget split the page shows before training: worked out from the columns, the row count
 * and the public facts alone, it names the same parts, with the same epsilon and delta, that
 * MST then spends; a budget that cannot leave anything to model is refused with how much the
 * ranges would need; bad budgets are refused before any split.
 */
import { describe, expect, it } from 'vitest';
import { readCsvText } from '../../src/core/data/csv-reader';
import { inferSchema } from '../../src/core/data/schema-inference';
import { modelEntry } from '../../src/core/models/registry';
import { prepare, Synthesis, type SynthesisConfig } from '../../src/core/pipeline';
import {
  defaultDelta,
  dpColumnsOf,
  epsilonWords,
  type BudgetPlanInput,
} from '../../src/core/privacy/budget-plan';
import type { PublicFacts } from '../../src/core/privacy/public-facts';
import { Rng } from '../../src/core/rng';

/** 2,000 rows: a number, a category of 3 levels, a date and an identifier. */
function table(rows = 2000) {
  const rng = new Rng(11);
  const lines = ['id,age,city,day'];
  for (let i = 0; i < rows; i += 1) {
    const day = 1 + rng.int(28);
    lines.push(
      `p${i},${20 + rng.int(50)},${['Leeds', 'York', 'Hull'][rng.int(3)]},2024-03-${String(day).padStart(2, '0')}`,
    );
  }
  const { table: raw } = readCsvText(`${lines.join('\n')}\n`);
  return { raw, schema: inferSchema(raw) };
}

const plan = (input: BudgetPlanInput) => {
  const entry = modelEntry('mst');
  if (!entry.planBudget) throw new Error('MST has no budget plan');
  return entry.planBudget(input);
};

async function spent(rows: number, epsilon: number, delta: number, publicFacts: PublicFacts) {
  const { raw, schema } = table(rows);
  const config: SynthesisConfig = {
    model: 'mst',
    epochs: 1,
    seed: 2,
    privacy: { epsilon, delta, publicFacts },
  };
  const run = Synthesis.train(prepare(raw, schema, config), config);
  for (;;) {
    const next = await run.next();
    if (next.done) return next.value.privacy;
  }
}

describe('the budget split shown before training', () => {
  const { schema } = table();
  const columns = dpColumnsOf(schema.columns);

  it('lists the modelled columns as the model table has them', () => {
    expect(columns).toEqual([
      { name: 'age', type: 'numeric' },
      { name: 'city', type: 'discrete' },
      { name: 'day', type: 'numeric' },
    ]);
  });

  it('is what MST spends, part by part, with ranges read under DP', async () => {
    const shown = plan({ epsilon: 2, delta: 1e-6, rows: 2000, columns, publicFacts: {} });
    expect(shown.problem).toBeNull();
    expect(shown.parts.map((p) => p.stage)).toEqual(['preprocessing', 'marginals']);
    expect(shown.parts[0]?.purpose).toMatch(/"age", "city", "day"/);
    const dp = await spent(2000, 2, 1e-6, {});
    expect(dp?.parts).toHaveLength(2);
    shown.parts.forEach((p, i) => {
      expect(p.epsilon).toBe(dp?.parts[i]?.epsilon);
      expect(p.delta).toBe(dp?.parts[i]?.delta);
    });
    expect(shown.epsilon).toBeCloseTo(dp?.epsilon ?? NaN, 12);
    expect(shown.epsilon).toBeLessThanOrEqual(2);
    expect(shown.notes.join(' ')).toMatch(
      /levels .* kept only when held by more than about \d+ rows/,
    );
  }, 60_000);

  it('gives the whole budget to the marginals when every range and level is public', async () => {
    const facts: PublicFacts = {
      age: { min: 18, max: 80 },
      city: { levels: ['Hull', 'Leeds', 'York'] },
      day: { min: Date.UTC(2024, 2, 1), max: Date.UTC(2024, 2, 31) },
    };
    const shown = plan({ epsilon: 1, delta: 1e-6, rows: 2000, columns, publicFacts: facts });
    expect(shown.parts.map((p) => p.stage)).toEqual(['marginals']);
    expect(shown.parts[0]?.detail).toMatch(/25% on the 1-way marginals, 10% on choosing the tree/);
    const dp = await spent(2000, 1, 1e-6, facts);
    expect(shown.parts[0]?.epsilon).toBe(dp?.parts[0]?.epsilon);
    expect(shown.epsilon).toBeLessThanOrEqual(1);
  }, 60_000);

  it('refuses a budget whose range noise would hide every value, saying what it would need', async () => {
    const shown = plan({ epsilon: 1, delta: 1e-5, rows: 100, columns, publicFacts: {} });
    expect(shown.problem).toMatch(
      /Epsilon 1 is too small for this table: .* would hide every value of a 100-row table.*would need epsilon of about \d+(\.\d)? in all \(15% of it goes to them\)/s,
    );
    // MST itself refuses it too
    await expect(spent(100, 1, 1e-5, {})).rejects.toThrow(/too small for this table/);
    // stating the ranges and levels public leaves the whole budget to the model
    const ok = plan({
      epsilon: 1,
      delta: 1e-5,
      rows: 100,
      columns,
      publicFacts: {
        age: { min: 0, max: 99 },
        city: { levels: ['Hull'] },
        day: { min: 0, max: 1 },
      },
    });
    expect(ok.problem).toBeNull();
  });

  it('refuses epsilon <= 0, delta >= 1 and delta not below 1 / rows before any split', () => {
    const input = { rows: 2000, columns, publicFacts: {} };
    expect(plan({ ...input, epsilon: 0, delta: 1e-6 }).problem).toMatch(
      /Epsilon must be a number above 0/,
    );
    expect(plan({ ...input, epsilon: 1, delta: 1 }).problem).toMatch(/Delta must be/);
    expect(plan({ ...input, epsilon: 1, delta: 1e-3 }).problem).toMatch(
      /not below 1 divided by the 2000 rows/,
    );
    expect(plan({ ...input, epsilon: 0, delta: 1e-6 }).parts).toEqual([]);
  });

  it('defaults delta to 1e-5, or 0.1 / rows when smaller, and says epsilon in words', () => {
    expect(defaultDelta(2000)).toBe(1e-5);
    expect(defaultDelta(1_000_000)).toBeCloseTo(1e-7, 15);
    expect(epsilonWords(1)).toBe('strong protection');
    expect(epsilonWords(4)).toBe('moderate protection');
    expect(epsilonWords(10)).toBe('weak protection');
  });
});
