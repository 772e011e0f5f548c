/**
 * Constraints and conditions inside the pipeline: the model learns under the constraints'
 * rewrites, every written row keeps every constraint and condition, the plan travels in the
 * model file (which still holds no training row), CTGAN meets a discrete condition through its
 * conditional vector, and a condition that cannot be met ends quickly with a partial result.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCsvText } from '../../src/core/data/csv-reader';
import { applyOverrides, inferSchema } from '../../src/core/data/schema-inference';
import { parseModel, serializeModel } from '../../src/core/io/model-file';
import {
  prepare,
  Synthesis,
  type SampledRows,
  type SynthesisConfig,
} from '../../src/core/pipeline';
import { checkWrittenRows, type ConstraintPlan } from '../../src/core/rules/constraint-plan';
import type { Constraint } from '../../src/core/rules/constraints';
import { Rng } from '../../src/core/rng';
import type { RawTable, Schema } from '../../src/core/types';
import { fixtureText, SMALL_MODELS } from './fixtures';

const ordersText = fixtureText('rules/orders.csv');
const orders = readCsvText(ordersText).table;
const ordersSchema = applyOverrides(inferSchema(orders), { order_id: { kind: 'identifier' } });
const RULES: Constraint[] = [
  { kind: 'inequality', low: 'order_date', high: 'ship_date' },
  { kind: 'fixed-combinations', columns: ['city', 'country'] },
];

const SMALL = SMALL_MODELS;
const TINY_CTGAN = SMALL_MODELS.ctgan;

async function train(raw: RawTable, schema: Schema, config: SynthesisConfig): Promise<Synthesis> {
  const run = Synthesis.train(prepare(raw, schema, config), config);
  let next = await run.next();
  while (!next.done) next = await run.next();
  return next.value;
}

/** Per constraint of `plan`, how many written rows break it (all should be 0). */
function broken(plan: ConstraintPlan, synthesis: Synthesis, out: SampledRows): number[] {
  return checkWrittenRows(plan, synthesis.codec, out.names, out.rows).map((c) => c.violations);
}

const column = (out: SampledRows, name: string) =>
  out.rows.map((r) => r[out.names.indexOf(name)] as string);

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('constraints kept by the pipeline (orders.csv)', () => {
  it('checks the real rows and fits the plan in prepare, leaving the real table as it is', () => {
    const config: SynthesisConfig = { model: 'tvae', epochs: 1, seed: 1, constraints: RULES };
    const prepared = prepare(orders, ordersSchema, config);
    expect(prepared.checks.map((c) => c.violations)).toEqual([0, 0]);
    expect(prepared.plan?.transforms.steps.map((s) => s.kind)).toEqual(['gap', 'combine']);
    // The model learns one combined column; the real table (for live charts) keeps both.
    const names = (t: { columns: { name: string }[] }) => t.columns.map((c) => c.name);
    expect(names(prepared.table)).toContain('city');
    expect(names(prepared.trainingTable)).not.toContain('city');
    expect(prepared.transformer?.columns.map((c) => c.name)).toEqual(names(prepared.trainingTable));
    const plain = prepare(orders, ordersSchema, { ...config, constraints: [] });
    expect(plain.plan).toBeNull();
    expect(plain.checks).toEqual([]);
    expect(plain.trainingTable).toBe(plain.table);
  });

  it('refuses a constraint that does not fit the columns, in plain words', () => {
    const config: SynthesisConfig = {
      model: 'copula',
      epochs: 1,
      seed: 1,
      constraints: [{ kind: 'inequality', low: 'order_date', high: 'delivered' }],
    };
    expect(() => prepare(orders, ordersSchema, config)).toThrow(/delivered/);
  });

  it.each(['copula', 'tvae'] as const)(
    '%s: every row keeps the inequality and the combinations, also after a reload, and the file holds the plan but no training row',
    async (model) => {
      const config: SynthesisConfig = { model, epochs: 3, seed: 2, constraints: RULES, ...SMALL };
      const synthesis = await train(orders, ordersSchema, config);
      const plan = synthesis.plan as ConstraintPlan;
      expect(plan).not.toBeNull();
      const out = await synthesis.sampleRows(300, 5);
      expect(out.rows).toHaveLength(300);
      expect(out.partial).toBe(false);
      expect(broken(plan, synthesis, out)).toEqual([0, 0]);

      const file = serializeModel(await synthesis.toFile());
      expect((JSON.parse(file) as { plan: ConstraintPlan }).plan).toEqual(plan);
      const rows = ordersText.trim().split('\n').slice(1);
      for (const row of rows) {
        expect(file).not.toContain(row);
        expect(file).not.toContain(row.split(',')[0] as string);
        // A row without its identifier, as the model sees it, is not in there either.
        expect(file).not.toContain(row.split(',').slice(1).join(','));
      }
      const loaded = await Synthesis.fromFile(parseModel(file));
      expect(loaded.plan).toEqual(plan);
      const again = await loaded.sampleRows(300, 5);
      expect(broken(plan, loaded, again)).toEqual([0, 0]);
      expect(again.rows).toEqual(out.rows);
      synthesis.dispose();
      loaded.dispose();

      // The control: the same model without the constraints breaks them.
      const free = await train(orders, ordersSchema, { ...config, constraints: [] });
      const loose = await free.sampleRows(300, 5);
      expect(broken(plan, free, loose).some((n) => n > 0)).toBe(true);
      free.dispose();
    },
  );

  it('peek and sampleTable give rows in the real form, not the rewritten one', async () => {
    const config: SynthesisConfig = { model: 'copula', epochs: 1, seed: 3, constraints: RULES };
    const synthesis = await train(orders, ordersSchema, config);
    const table = await synthesis.sampleTable(20, 1);
    expect(table.columns.map((c) => c.name)).toEqual(
      prepare(orders, ordersSchema, config).table.columns.map((c) => c.name),
    );
    synthesis.dispose();
  });

  it('reads a model file saved before constraints existed (no plan) as unconstrained', async () => {
    const synthesis = await train(orders, ordersSchema, { model: 'copula', epochs: 1, seed: 4 });
    const saved = JSON.parse(serializeModel(await synthesis.toFile())) as Record<string, unknown>;
    delete saved.plan;
    const loaded = await Synthesis.fromFile(parseModel(JSON.stringify(saved)));
    expect(loaded.plan).toBeNull();
    expect((await loaded.sampleRows(10, 2)).rows).toEqual((await synthesis.sampleRows(10, 2)).rows);
    expect(() => parseModel(JSON.stringify({ ...saved, plan: { version: 9 } }))).toThrow(
      /constraints saved in this model file are damaged/,
    );
  });

  it('adds rules to a loaded model and meets them by drawing again', async () => {
    const synthesis = await train(orders, ordersSchema, { model: 'copula', epochs: 1, seed: 4 });
    const loaded = await Synthesis.fromFile(parseModel(serializeModel(await synthesis.toFile())));
    const out = await loaded.sampleRows(40, 3, undefined, {
      constraints: [{ kind: 'range', column: 'quantity', min: 3, max: 5 }],
    });
    expect(out.rows).toHaveLength(40);
    expect(new Set(column(out, 'quantity'))).toEqual(new Set(['3', '4', '5']));
    await expect(
      loaded.sampleRows(5, 3, undefined, {
        constraints: [{ kind: 'fixed-combinations', columns: ['city', 'country'] }],
      }),
    ).rejects.toThrow(/Without the data there are no combinations of city, country/);
  });
});

describe('conditions', () => {
  it('a condition on a rewritten column is met with the constraints (argn, copula)', async () => {
    for (const model of ['argn', 'copula'] as const) {
      const config: SynthesisConfig = { model, epochs: 2, seed: 6, constraints: RULES, ...SMALL };
      const synthesis = await train(orders, ordersSchema, config);
      // Rome (8 of 60 rows): ARGN never writes a level held by fewer than 5 rows (Oslo).
      const out = await synthesis.sampleRows(25, 1, undefined, {
        conditions: [{ column: 'city', value: 'Rome' }],
      });
      expect(out.rows).toHaveLength(25);
      expect(new Set(column(out, 'city'))).toEqual(new Set(['Rome']));
      expect(new Set(column(out, 'country'))).toEqual(new Set(['Italy']));
      expect(broken(synthesis.plan as ConstraintPlan, synthesis, out)).toEqual([0, 0]);
      synthesis.dispose();
    }
  });

  it('refuses a value the data never holds before sampling', async () => {
    const synthesis = await train(orders, ordersSchema, { model: 'copula', epochs: 1, seed: 1 });
    await expect(
      synthesis.sampleRows(5, 1, undefined, {
        conditions: [{ column: 'city', value: 'Atlantis' }],
      }),
    ).rejects.toThrow(/city is never "Atlantis" in the data \(its values: .*Paris/);
    await expect(
      synthesis.sampleRows(5, 1, undefined, { conditions: [{ column: 'town', value: 'Oslo' }] }),
    ).rejects.toThrow(/names a column the table does not have/);
  });

  it('a condition that cannot be met gives a partial result and says so, without hanging', async () => {
    const config: SynthesisConfig = { model: 'copula', epochs: 1, seed: 7, constraints: RULES };
    const synthesis = await train(orders, ordersSchema, config);
    // Oslo is only ever in Norway: no row can hold both conditions (default limits).
    const out = await synthesis.sampleRows(20, 1, undefined, {
      conditions: [
        { column: 'city', value: 'Oslo' },
        { column: 'country', value: 'France' },
      ],
    });
    expect(out.partial).toBe(true);
    expect(out.rows).toEqual([]);
    expect(out.message).toMatch(
      /^Only 0 of the 20 rows asked for meet the conditions and constraints: 10,000 rows were drawn/,
    );
    expect(out.drawn).toBe(10_000);
  });
});

/**
 * A table with rare categories: "rare" and "scarce" are 3% of the rows each (10 of 330), spend
 * more, and are the only "gold" tier.
 */
function rareTable(rows: number): RawTable {
  const rng = new Rng(42);
  const lines = ['segment,tier,amount,member'];
  for (let r = 0; r < rows; r += 1) {
    const few = r % 33 === 0 ? 'rare' : r % 33 === 16 ? 'scarce' : null;
    const segment = few ?? (rng.uniform() < 0.6 ? 'common' : 'usual');
    const amount = (few ? 500 : 50) + rng.uniform() * 20;
    const member = rng.uniform() < 0.5 ? 'yes' : 'no';
    lines.push(`${segment},${few ? 'gold' : 'standard'},${amount.toFixed(2)},${member}`);
  }
  return readCsvText(lines.join('\n')).table;
}

describe('conditional generation of a rare category', () => {
  const raw = rareTable(330);
  const schema = inferSchema(raw);
  const rare = (out: SampledRows) => column(out, 'segment').filter((s) => s === 'rare').length;

  it('CTGAN fixes its conditional vector: exactly the rows asked for, few draws', async () => {
    // A short run learns the conditional loss faster with larger steps.
    const ctgan = { ...TINY_CTGAN, batchSize: 30, generatorLr: 5e-3, discriminatorLr: 5e-3 };
    const config: SynthesisConfig = { model: 'ctgan', epochs: 20, seed: 1, ctgan };
    const synthesis = await train(raw, schema, config);
    const plain = await synthesis.sampleRows(1000, 3);
    // Drawn plainly, the rare segment is rare (a short run overshoots its 3% a little)...
    const plainRate = rare(plain) / 1000;
    expect(plainRate).toBeLessThan(0.15);
    const out = await synthesis.sampleRows(60, 3, undefined, {
      conditions: [{ column: 'segment', value: 'rare' }],
    });
    expect(out.rows).toHaveLength(60);
    expect(out.partial).toBe(false);
    expect(new Set(column(out, 'segment'))).toEqual(new Set(['rare']));
    // ...but conditioned natively nearly every draw holds it: reject sampling alone would need
    // about 60 / plainRate draws (400 or more).
    expect(out.drawn).toBeLessThan(2 * 60);
    expect(out.drawn).toBeLessThan(60 / plainRate / 3);
    // Two conditions: the rarer is fixed, the other checked; both hold on every row, still
    // with far fewer draws than reject sampling alone would need (30 / plainRate / 50%).
    const both = await synthesis.sampleRows(30, 4, undefined, {
      conditions: [
        { column: 'member', value: 'yes' },
        { column: 'segment', value: 'rare' },
      ],
    });
    expect(both.rows).toHaveLength(30);
    expect(new Set(column(both, 'segment'))).toEqual(new Set(['rare']));
    expect(new Set(column(both, 'member'))).toEqual(new Set(['yes']));
    expect(both.drawn).toBeLessThan(30 / plainRate / 0.5 / 2);
    synthesis.dispose();
  });

  it('CTGAN fixes its conditional vector through a fixed-combinations column too', async () => {
    const ctgan = { ...TINY_CTGAN, batchSize: 30, generatorLr: 5e-3, discriminatorLr: 5e-3 };
    const config: SynthesisConfig = {
      model: 'ctgan',
      epochs: 20,
      seed: 2,
      ctgan,
      constraints: [{ kind: 'fixed-combinations', columns: ['segment', 'tier'] }],
    };
    const synthesis = await train(raw, schema, config);
    // "gold" is in two combinations (rare and scarce): each row draws one of them.
    const out = await synthesis.sampleRows(60, 3, undefined, {
      conditions: [{ column: 'tier', value: 'gold' }],
    });
    expect(out.rows).toHaveLength(60);
    expect(new Set(column(out, 'tier'))).toEqual(new Set(['gold']));
    expect(new Set(column(out, 'segment'))).toEqual(new Set(['rare', 'scarce']));
    expect(out.drawn).toBeLessThan(2 * 60);
    expect(broken(synthesis.plan as ConstraintPlan, synthesis, out)).toEqual([0]);
    synthesis.dispose();
  });

  it('the copula draws again until it has exactly the rows asked for, all rare', async () => {
    const synthesis = await train(raw, schema, { model: 'copula', epochs: 1, seed: 1 });
    const out = await synthesis.sampleRows(60, 3, undefined, {
      conditions: [{ column: 'segment', value: 'rare' }],
    });
    expect(out.rows).toHaveLength(60);
    expect(out.partial).toBe(false);
    expect(new Set(column(out, 'segment'))).toEqual(new Set(['rare']));
    // Reject sampling: many rows drawn for each one kept.
    expect(out.drawn).toBeGreaterThan(10 * 60);
  });
});
