import { describe, expect, it } from 'vitest';
import { inferSchema } from '../../src/core/data/schema-inference';
import { levelCostNotices } from '../../src/core/level-cost';
import type { RawTable } from '../../src/core/types';
import { readCsvText } from '../../src/core/data/csv-reader';

/** 6,000 rows: a code of 3,499 levels (as issue 18's table) beside a small category. */
function manyLevels(): RawTable {
  const lines = ['code,group'];
  for (let r = 0; r < 6000; r += 1) lines.push(`C${(r * 7919) % 3499},g${r % 3}`);
  return readCsvText(lines.join('\n')).table;
}

describe('levelCostNotices', () => {
  const schema = inferSchema(manyLevels());

  it('says why CTGAN trains slowly on a column of thousands of levels, with the fixes', () => {
    const notices = levelCostNotices(schema, 'ctgan');
    expect(notices).toHaveLength(1);
    const [n] = notices;
    expect(n?.column).toBe('code');
    expect(n?.levels).toBe(3499);
    expect(n?.message).toContain('Column "code" has 3,499 levels');
    expect(n?.message).toContain('each training step works through 3,499 more numbers');
    expect(n?.message).toContain('that is why training is slow');
    expect(n?.message).toContain('keep its 50 most frequent values');
    expect(n?.fixes).toEqual([
      { type: 'kind', kind: 'identifier' },
      { type: 'kind', kind: 'text' },
      { type: 'top-k', k: 50 },
    ]);
  });

  it('names the model chosen, and does not call a one-pass model slow', () => {
    expect(levelCostNotices(schema, 'argn')[0]?.message).toMatch(/ARGN.*training is slow/);
    const cart = levelCostNotices(schema, 'cart')[0]?.message ?? '';
    expect(cart).toContain('fits in one pass');
    expect(cart).not.toContain('training is slow');
  });

  it('goes once the column is folded to its most frequent values or left out', () => {
    const folded = {
      columns: schema.columns.map((c) => (c.name === 'code' ? { ...c, topK: 50 } : c)),
    };
    expect(levelCostNotices({ ...schema, ...folded }, 'ctgan')).toEqual([]);
    const excluded = {
      columns: schema.columns.map((c) => (c.name === 'code' ? { ...c, excluded: true } : c)),
    };
    expect(levelCostNotices({ ...schema, ...excluded }, 'ctgan')).toEqual([]);
  });
});
