import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { readCsvText } from '../../src/core/data/csv-reader';
import { applyOverrides, inferSchema } from '../../src/core/data/schema-inference';
import { outputSpans } from '../../src/core/data/data-transformer';
import {
  estimateTrainingMemory,
  formatMemory,
  memoryBudget,
  memoryRefusal,
} from '../../src/core/memory-estimate';
import { prepare, Synthesis } from '../../src/core/pipeline';
import { fixtureText } from './fixtures';

function must<T>(x: T | null | undefined): T {
  if (x === null || x === undefined) throw new Error('expected a value');
  return x;
}

const kinds = readCsvText(fixtureText('kinds.csv')).table;
const kindsSchema = inferSchema(kinds);

/** A table with one wide categorical column (`code`, 400 levels) and two numbers. */
function wideTable() {
  const lines = ['code,amount,score'];
  for (let i = 0; i < 2000; i += 1) lines.push(`k${i % 400},${(i * 37) % 1000},${i % 7}.5`);
  const { table } = readCsvText(lines.join('\n'));
  return { table, schema: applyOverrides(inferSchema(table), { code: { kind: 'categorical' } }) };
}

describe('training memory estimate', () => {
  it('bounds the real encoded width of CTGAN and counts discrete columns exactly', () => {
    const prepared = prepare(kinds, kindsSchema, { model: 'ctgan', epochs: 1, seed: 1 });
    const transformer = must(prepared.transformer);
    const spans = outputSpans(transformer);
    const real = must(prepared.encoded).layout.dataDim;
    const estimate = estimateTrainingMemory(kindsSchema, kinds.rowCount, 'ctgan');
    expect(estimate.width).toBeGreaterThanOrEqual(real);
    // discrete columns: one column per level, exactly as the transformer encodes them
    for (const t of transformer.columns) {
      if (t.type !== 'discrete') continue;
      const est = estimate.columns.find((c) => c.name === t.name);
      const dim = spans.filter((s) => s.column === t.name).reduce((s, x) => s + x.dim, 0);
      expect(est?.width).toBe(dim);
    }
    expect(estimate.dataBytes).toBe(kinds.rowCount * estimate.width * 8);
  });

  it('grows with rows and width, and table models are far smaller than the neural ones', () => {
    const { schema } = wideTable();
    const a = estimateTrainingMemory(schema, 1000, 'ctgan');
    const b = estimateTrainingMemory(schema, 2000, 'ctgan');
    expect(b.dataBytes).toBe(2 * a.dataBytes);
    expect(a.columns[0]?.name).toBe('code');
    expect(a.columns[0]?.width).toBe(400);
    const copula = estimateTrainingMemory(schema, 1000, 'copula');
    expect(copula.width).toBe(3);
    expect(copula.bytes).toBeLessThan(a.bytes / 10);
  });

  it('refuses over the budget, with fixes that say what they leave, and the rows fix fits', () => {
    const { schema } = wideTable();
    const estimate = estimateTrainingMemory(schema, 3_000_000, 'ctgan');
    const budget = memoryBudget(8);
    const refusal = must(memoryRefusal(schema, estimate, budget));
    expect(refusal.message).toContain(formatMemory(estimate.bytes));
    expect(refusal.message).toContain('3,000,000 rows');
    const topK = must(refusal.fixes.find((f) => f.type === 'column' && f.fix.type === 'top-k'));
    expect(topK?.type === 'column' && topK.column).toBe('code');
    expect(topK.bytesAfter).toBeLessThan(estimate.bytes / 4);
    const rows = must(refusal.fixes.find((f) => f.type === 'rows'));
    expect(rows.bytesAfter).toBeLessThanOrEqual(budget);
    const fewer = estimateTrainingMemory(schema, rows.type === 'rows' ? rows.rows : 0, 'ctgan');
    expect(memoryRefusal(schema, fewer, budget)).toBeNull();
  });

  it('lets a table that fits train', () => {
    const { schema, table } = wideTable();
    expect(
      memoryRefusal(
        schema,
        estimateTrainingMemory(schema, table.rowCount, 'ctgan'),
        memoryBudget(),
      ),
    ).toBeNull();
  });

  it('takes a quarter of the device memory, between 512 MB and 2 GB', () => {
    expect(memoryBudget(8)).toBe(2e9);
    expect(memoryBudget(4)).toBe(1e9);
    expect(memoryBudget(1)).toBe(0.5e9);
    expect(memoryBudget(undefined)).toBe(2e9);
  });

  it.each(['ctgan', 'tvae'] as const)(
    '%s: the estimate is within a tenth of what training really holds (matrix and tensors)',
    async (model) => {
      await tf.setBackend('cpu');
      const rows = 2000;
      const { table, schema } = wideTable();
      const before = tf.memory().numBytes;
      const config = { model, epochs: 1, seed: 0, [model]: { batchSize: 100 } };
      const prepared = prepare(table, schema, config);
      const run = Synthesis.train(prepared, config);
      await run.next(); // one step: the weights and the optimiser's moments exist
      const held = must(prepared.encoded).matrix.byteLength + tf.memory().numBytes - before;
      await run.return(undefined as never);
      const estimate = estimateTrainingMemory(schema, rows, model).bytes;
      expect(Math.abs(estimate - held) / held).toBeLessThan(0.1);
    },
  );
});
