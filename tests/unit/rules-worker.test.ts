import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCsvText } from '../../src/core/data/csv-reader';
import { inferSchema } from '../../src/core/data/schema-inference';
import type { Constraint } from '../../src/core/rules/constraints';
import type { RulesSpec } from '../../src/core/rules/rules-spec';
import { categoryLevels, checkAgainstData } from '../../src/worker/constraint-check';
import type { EngineResponse } from '../../src/worker/protocol';
import { generateRulesCsv } from '../../src/worker/rules-generation';

const text = readFileSync(new URL('../fixtures/rules/orders.csv', import.meta.url), 'utf8');
const { table: orders } = readCsvText(text);
const schema = inferSchema(orders);

describe('checking rules against the loaded table', () => {
  it('says OK for a rule every row keeps, and counts the rows that break one with examples', () => {
    const results = checkAgainstData(
      [
        { kind: 'inequality', low: 'order_date', high: 'ship_date' },
        { kind: 'range', column: 'quantity', max: 10 },
      ],
      orders,
      schema,
    );
    expect(results.map((r) => r.status)).toEqual(['ok', 'broken']);
    // quantity runs from 1 to 12: 13 of the 60 rows hold 11 or 12
    expect(results[1]?.violations).toBe(13);
    expect(results[1]?.examples.length).toBeGreaterThan(0);
    for (const e of results[1]?.examples ?? [])
      expect(Number(e.values.quantity)).toBeGreaterThan(10);
  });

  it('tells a rule that does not fit the table next to it, and still checks the others', () => {
    const results = checkAgainstData(
      [
        { kind: 'positive', column: 'no_such_column' },
        { kind: 'inequality', low: 'city', high: 'ship_date' },
        { kind: 'sum', columns: ['subtotal', 'tax'], total: 'total' },
      ],
      orders,
      schema,
    );
    expect(results.map((r) => r.status)).toEqual(['invalid', 'invalid', 'ok']);
    expect(results[0]?.error).toContain('no_such_column');
    expect(results[1]?.error).toContain('city');
    expect(results[2]?.error).toBeNull();
  });

  it('counts the combinations a fixed-combinations rule learns from the data', () => {
    const [result] = checkAgainstData(
      [{ kind: 'fixed-combinations', columns: ['city', 'country'] }],
      orders,
      schema,
    );
    expect(result?.status).toBe('ok');
    expect(result?.note).toContain('6 combinations');
  });

  it('survives a malformed rule from a file (no crash, a message)', () => {
    const bad = [{ kind: 'unique', columns: 'city' } as unknown as Constraint];
    const [result] = checkAgainstData(bad, orders, schema);
    expect(result?.status).toBe('invalid');
    expect(result?.error).toMatch(/list/);
  });
});

describe('category values for the pickers', () => {
  it('lists each category column by frequency, and no number or date column', () => {
    const levels = categoryLevels(orders, schema);
    expect(levels.city).toEqual(['Paris', 'Berlin', 'Lyon', 'Rome', 'Munich', 'Oslo']);
    expect(levels.country?.slice().sort()).toEqual(['France', 'Germany', 'Italy', 'Norway']);
    expect(levels.quantity).toBeUndefined();
    expect(levels.order_date).toBeUndefined();
  });
});

async function run(spec: RulesSpec, rows: number) {
  const messages: EngineResponse[] = [];
  await generateRulesCsv(7, spec, rows, 1, true, (m) => messages.push(m));
  return messages;
}

describe('making a table from rules in the worker', () => {
  const spec: RulesSpec = {
    columns: [
      { name: 'x', type: 'uniform', min: 0, max: 1 },
      { name: 'group', type: 'categorical', values: ['a', 'b'] },
    ],
  };

  it('writes every row asked for as one CSV, in chunks with progress', async () => {
    const messages = await run(spec, 25_000);
    const progress = messages.filter((m) => m.type === 'generate-progress');
    expect(progress.map((m) => (m.type === 'generate-progress' ? m.done : 0))).toEqual([
      10_000, 20_000, 25_000,
    ]);
    const done = messages.at(-1);
    if (done?.type !== 'generated') throw new Error(`expected generated, got ${done?.type}`);
    expect(done.rows).toBe(25_000);
    expect(done.partial).toBe(false);
    expect(done.preview).toHaveLength(100);
    const lines = (await done.csv.text()).trim().split('\n');
    expect(lines[0]).toBe('x,group');
    expect(lines).toHaveLength(25_001);
  });

  it('keeps a unique template unique over the whole table (drawn in one go)', async () => {
    const messages = await run(
      { columns: [{ name: 'id', type: 'template', template: 'ID-###' }] },
      900,
    );
    const done = messages.at(-1);
    if (done?.type !== 'generated') throw new Error(`expected generated, got ${done?.type}`);
    const ids = (await done.csv.text()).trim().split('\n').slice(1);
    expect(ids).toHaveLength(900);
    expect(new Set(ids).size).toBe(900);
  });

  it('answers a wrong spec with the mistakes in words, not a crash', async () => {
    const messages = await run(
      { columns: [{ name: 'x', type: 'normal', mean: 0, sd: -1 }] } as RulesSpec,
      10,
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ type: 'error', runId: 7, code: 'bad-rules' });
    expect(messages[0]?.type === 'error' && messages[0].message).toContain('sd');
  });
});
