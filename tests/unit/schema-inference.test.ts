import { describe, expect, it } from 'vitest';
import { readCsvText } from '../../src/core/data/csv-reader';
import { encodingWarnings } from '../../src/core/data/encoding-warnings';
import { applyOverrides, inferSchema } from '../../src/core/data/schema-inference';
import type { ColumnSpec, Schema } from '../../src/core/types';
import { readFixture } from './fixtures';

function column(schema: Schema, name: string): ColumnSpec {
  const c = schema.columns.find((x) => x.name === name);
  if (!c) throw new Error(`no column ${name}`);
  return c;
}

function schemaOf(text: string, tokens?: string[]): Schema {
  return inferSchema(readCsvText(text).table, tokens);
}

/** A CSV with one column `x` holding `values`. */
function single(values: readonly string[]): string {
  return (
    ['x', ...values.map((v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v))].join('\n') +
    '\n'
  );
}

const kinds = inferSchema(readFixture('kinds.csv').table);

describe('schema inference finds every kind', () => {
  it.each([
    ['id', 'identifier'],
    ['customer_code', 'identifier'],
    ['age', 'integer'],
    ['income', 'continuous'],
    ['city', 'categorical'],
    ['member', 'boolean'],
    ['signup', 'datetime'],
    ['last_visit', 'datetime'],
    ['comment', 'text'],
    ['country', 'constant'],
    ['score', 'integer'],
  ])('%s is %s', (name, kind) => {
    expect(column(kinds, name).kind).toBe(kind);
  });

  it('remembers the date format so values can be written back the same way', () => {
    expect(column(kinds, 'signup').datetimeFormat?.pattern).toBe('YYYY-MM-DD');
    expect(column(kinds, 'last_visit').datetimeFormat?.pattern).toBe('DD/MM/YYYY');
  });

  it('reports missing share, cardinality, range and decimal places', () => {
    const score = column(kinds, 'score');
    expect(score.stats.missing).toBe(6);
    expect(score.stats.missingShare).toBeCloseTo(0.1);
    expect(score.stats.missingTokens).toEqual(['NA']);
    expect(score.stats.distinct).toBe(5);
    expect([score.stats.min, score.stats.max]).toEqual([1, 5]);
    expect(column(kinds, 'income').stats.decimals).toBe(2);
    expect(column(kinds, 'age').stats.decimals).toBe(0);
  });

  it('treats a column where every value is missing as constant', () => {
    expect(column(schemaOf(single(['NA', '', 'null', 'NA'])), 'x').kind).toBe('constant');
  });

  it.each([
    [['yes', 'no', 'yes']],
    [['TRUE', 'FALSE', 'FALSE']],
    [['1', '0', '1', '1']],
    [['Y', 'N']],
  ])('reads %j as boolean', (values) => {
    expect(column(schemaOf(single(values)), 'x').kind).toBe('boolean');
  });

  it('reads numbers with thousands separators as numbers', () => {
    const s = inferSchema(readFixture('messy/thousands.csv').table);
    expect(column(s, 'amount').kind).toBe('integer');
    expect(column(s, 'amount').stats.max).toBe(1234567);
    expect(column(s, 'amount').numberFormat).toEqual({ decimal: '.', thousands: ',' });
  });

  it('reads decimal commas in a semicolon file as numbers', () => {
    const s = inferSchema(readFixture('messy/semicolon-decimal-comma.csv').table);
    expect(column(s, 'a').kind).toBe('continuous');
    expect(column(s, 'a').stats.min).toBe(1.5);
    expect(column(s, 'a').numberFormat?.decimal).toBe(',');
  });

  it('keeps numbers that could be read two ways as categories, and says why', () => {
    const c = column(schemaOf(single(['1,234', '5,678', '9,012'])), 'x');
    expect(c.kind).toBe('categorical');
    expect(c.notes.join(' ')).toMatch(/two ways/);
  });

  it.each(['NA', 'N/A', 'NaN', 'null', 'NULL', 'None', '?', '-', ''])(
    'reads the token %j as missing by default',
    (token) => {
      const c = column(schemaOf(single(['1.5', token, '2.5', '3.25'])), 'x');
      expect(c.kind).toBe('continuous');
      expect(c.stats.missing).toBe(1);
    },
  );

  it('uses an edited missing-value list (a token is missing only when listed)', () => {
    const text = single(['1', 'unknown', '2', '3']);
    expect(column(schemaOf(text), 'x').kind).toBe('categorical');
    const edited = column(schemaOf(text, ['unknown']), 'x');
    expect(edited.kind).toBe('integer');
    expect(edited.stats.missingTokens).toEqual(['unknown']);
  });

  it('matches missing tokens after trimming spaces, as in adult.csv (" ?")', () => {
    const c = column(schemaOf('a,x\n1, Private\n2, ?\n3, State-gov\n'), 'x');
    expect(c.stats.missing).toBe(1);
    expect(c.stats.missingTokens).toEqual([' ?']);
    expect(c.stats.distinct).toBe(2);
  });

  it('does not call a unique column of decimals an identifier', () => {
    const values = Array.from({ length: 40 }, (_, i) => (i * 1.37 + 0.01).toFixed(2));
    expect(column(schemaOf(single(values)), 'x').kind).toBe('continuous');
  });

  it('does not call a small table unique column an identifier (too few rows to tell)', () => {
    expect(column(schemaOf(single(['a1', 'b2', 'c3'])), 'x').kind).toBe('categorical');
  });
});

describe('the user corrects the schema', () => {
  it('an override replaces the kind but keeps the inferred one visible', () => {
    const s = applyOverrides(kinds, {
      score: { kind: 'categorical' },
      comment: { excluded: true },
    });
    expect(column(s, 'score').kind).toBe('categorical');
    expect(column(s, 'score').inferredKind).toBe('integer');
    expect(column(s, 'comment').excluded).toBe(true);
    expect(column(s, 'age').kind).toBe('integer');
  });

  it('warns about a categorical with hundreds of levels and offers the fixes', () => {
    const values = Array.from({ length: 600 }, (_, i) => `level-${i % 300}`);
    const s = schemaOf(single(values));
    const [w] = encodingWarnings(s);
    expect(w?.column).toBe('x');
    expect(w?.levels).toBe(300);
    expect(w?.fixes.map((f) => f.type)).toEqual(['kind', 'kind', 'top-k']);
  });

  it('the top-k fix removes the warning', () => {
    const values = Array.from({ length: 600 }, (_, i) => `level-${i % 300}`);
    const s = applyOverrides(schemaOf(single(values)), { x: { topK: 50 } });
    expect(encodingWarnings(s)).toEqual([]);
  });
});

describe('free text among many rows', () => {
  it('calls thousands of different short phrases text even when each repeats', () => {
    const phrases = Array.from({ length: 1500 }, (_, i) => `"late, delivery ${i} again"`);
    const values = [...phrases, ...phrases, ...phrases];
    const c = column(schemaOf(['x', ...values].join('\n') + '\n'), 'x');
    expect(c.kind).toBe('text');
  });
});
