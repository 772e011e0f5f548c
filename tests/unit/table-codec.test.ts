import { describe, expect, it } from 'vitest';
import { readCsvText } from '../../src/core/data/csv-reader';
import {
  OTHER_LEVEL,
  type DiscreteColumn,
  type ModelTable,
  type NumericColumn,
} from '../../src/core/data/model-table';
import { applyOverrides, inferSchema } from '../../src/core/data/schema-inference';
import {
  OTHER_TEXT,
  fitCodec,
  fromModelTable,
  toModelTable,
  type CodecOptions,
  type CodecState,
} from '../../src/core/data/table-codec';
import { Rng } from '../../src/core/rng';
import type { ColumnOverride, RawTable, Schema } from '../../src/core/types';
import { columnValues, readFixture } from './fixtures';

const OPTIONS: CodecOptions = { textMode: 'placeholder', allowOutOfRange: false };

interface Loaded {
  raw: RawTable;
  schema: Schema;
}

function load(text: string, overrides: Record<string, ColumnOverride> = {}): Loaded {
  const raw = readCsvText(text).table;
  return { raw, schema: applyOverrides(inferSchema(raw), overrides) };
}

const kinds = (overrides: Record<string, ColumnOverride> = {}): Loaded => {
  const raw = readFixture('kinds.csv').table;
  return { raw, schema: applyOverrides(inferSchema(raw), overrides) };
};

/** Fit on every row, encode every row, write it straight back. */
function roundTrip(
  { raw, schema }: Loaded,
  options: CodecOptions = OPTIONS,
): { names: string[]; rows: string[][]; state: CodecState } {
  const state = fitCodec(raw, schema);
  return { ...fromModelTable(state, toModelTable(state, raw), new Rng(7), options), state };
}

function outputColumn(out: { names: string[]; rows: string[][] }, name: string): string[] {
  const index = out.names.indexOf(name);
  if (index < 0) throw new Error(`no output column ${name}`);
  return out.rows.map((row) => row[index] as string);
}

function numeric(table: ModelTable, name: string): NumericColumn {
  const column = table.columns.find((c) => c.name === name);
  if (column?.type !== 'numeric') throw new Error(`no numeric column ${name}`);
  return column;
}

function discrete(table: ModelTable, name: string): DiscreteColumn {
  const column = table.columns.find((c) => c.name === name);
  if (column?.type !== 'discrete') throw new Error(`no discrete column ${name}`);
  return column;
}

describe('table codec on kinds.csv', () => {
  it.each(['city', 'member', 'age', 'income', 'signup', 'last_visit', 'score', 'country'])(
    'writes %s back exactly as it was read',
    (name) => {
      const loaded = kinds();
      expect(outputColumn(roundTrip(loaded), name)).toEqual(columnValues(loaded.raw, name));
    },
  );

  it('puts the NA tokens of score back at the same rows', () => {
    const loaded = kinds();
    const score = outputColumn(roundTrip(loaded), 'score');
    const expected = columnValues(loaded.raw, 'score').map((v) => v === 'NA');
    expect(score.map((v) => v === 'NA')).toEqual(expected);
    expect(expected.filter(Boolean)).toHaveLength(6);
  });

  it('models numbers, dates and categories, and leaves identifiers, text and constants out', () => {
    const { raw, schema } = kinds();
    const table = toModelTable(fitCodec(raw, schema), raw);
    expect(table.rows).toBe(60);
    expect(table.columns.map((c) => [c.name, c.type])).toEqual([
      ['age', 'numeric'],
      ['income', 'numeric'],
      ['city', 'discrete'],
      ['member', 'discrete'],
      ['signup', 'numeric'],
      ['last_visit', 'numeric'],
      ['score', 'numeric'],
    ]);
    expect(numeric(table, 'age').integer).toBe(true);
    expect(numeric(table, 'income').integer).toBe(false);
    expect(numeric(table, 'signup').values[0]).toBe(Date.UTC(2022, 3, 20));
    expect(Number.isNaN(numeric(table, 'score').values[3])).toBe(true);
  });

  it('orders levels by frequency and gives missing values a null level', () => {
    const { raw, schema } = load('c\na\nb\nb\nNA\nc\nb\nc\nb\n');
    const column = discrete(toModelTable(fitCodec(raw, schema), raw), 'c');
    expect(column.levels).toEqual(['b', 'c', 'a', null]);
    expect(Array.from(column.codes)).toEqual([2, 0, 0, 3, 1, 0, 1, 0]);
  });

  it('writes unique identifiers in the column pattern and keeps no real id in the state', () => {
    const loaded = kinds();
    const out = roundTrip(loaded);
    const codes = outputColumn(out, 'customer_code');
    const real = columnValues(loaded.raw, 'customer_code');
    expect(new Set(codes).size).toBe(60);
    for (const code of codes) expect(code).toMatch(/^C\d{5}$/);
    expect(codes).not.toEqual(real);
    const json = JSON.stringify(out.state);
    for (const id of real) expect(json).not.toContain(id);
  });

  it('writes purely numeric ids as unique integers, not the training ids in order', () => {
    const loaded = kinds();
    const ids = outputColumn(roundTrip(loaded), 'id');
    expect(new Set(ids).size).toBe(60);
    for (const id of ids) expect(id).toMatch(/^[1-9]\d*$/);
    expect(ids).not.toEqual(columnValues(loaded.raw, 'id'));
  });

  it('never writes real text: placeholder sentences of about the same length', () => {
    const loaded = kinds();
    const comments = columnValues(loaded.raw, 'comment');
    const written = outputColumn(roundTrip(loaded), 'comment');
    const real = new Set(comments);
    expect(written.filter((cell) => real.has(cell))).toEqual([]);
    const mean = (xs: string[]) => xs.reduce((n, x) => n + x.length, 0) / xs.length;
    expect(mean(written) / mean(comments)).toBeGreaterThan(0.7);
    expect(mean(written) / mean(comments)).toBeLessThan(1.4);
  });

  it("leaves text empty in 'empty' mode", () => {
    const out = roundTrip(kinds(), { textMode: 'empty', allowOutOfRange: false });
    expect(new Set(outputColumn(out, 'comment'))).toEqual(new Set(['']));
  });

  it('drops excluded columns and keeps the order of the rest', () => {
    const out = roundTrip(kinds({ income: { excluded: true }, comment: { excluded: true } }));
    expect(out.names).toEqual([
      'id',
      'customer_code',
      'age',
      'city',
      'member',
      'signup',
      'last_visit',
      'country',
      'score',
    ]);
    expect(out.rows[0]).toHaveLength(9);
  });

  it('fits on the training rows only', () => {
    const { raw, schema } = kinds();
    // Rows 0-4 hold ages 38, 45, 43, 41, 37; the whole file runs from 18 to 80.
    const state = fitCodec(raw, schema, Int32Array.from([0, 1, 2, 3, 4]));
    const age = state.columns.find((c) => c.name === 'age');
    expect(age && 'min' in age ? [age.min, age.max] : null).toEqual([37, 45]);
    const written = fromModelTable(state, toModelTable(state, raw), new Rng(1), OPTIONS);
    const ages = outputColumn(written, 'age').map(Number);
    expect([Math.min(...ages), Math.max(...ages)]).toEqual([37, 45]);
  });

  it('reads a value the training rows never held as the missing level', () => {
    const { raw, schema } = load('c\na\nb\n\nz\n');
    const state = fitCodec(raw, schema, Int32Array.from([0, 1, 2]));
    const column = discrete(toModelTable(state, raw), 'c');
    expect(column.levels).toEqual(['a', 'b', null]);
    expect(Array.from(column.codes)).toEqual([0, 1, 2, 2]);
  });

  it('encodes only the rows asked for, in their order', () => {
    const { raw, schema } = kinds();
    const state = fitCodec(raw, schema);
    const table = toModelTable(state, raw, Int32Array.from([2, 0]));
    expect(table.rows).toBe(2);
    expect(Array.from(numeric(table, 'age').values)).toEqual([43, 38]);
  });

  it('survives a JSON round trip of its state', () => {
    const { raw, schema } = kinds();
    const state = fitCodec(raw, schema);
    const copy = JSON.parse(JSON.stringify(state)) as CodecState;
    expect(copy).toEqual(state);
    const table = toModelTable(copy, raw);
    expect(fromModelTable(copy, table, new Rng(3), OPTIONS)).toEqual(
      fromModelTable(state, table, new Rng(3), OPTIONS),
    );
  });
});

describe('identifier patterns', () => {
  const idColumn = (values: string[]) =>
    load(['ref', ...values].join('\n') + '\n', { ref: { kind: 'identifier' } });

  it('writes ids of one fixed shape position by position', () => {
    // The last position shows x, y, z: it draws from the lower-case letters.
    const values = Array.from({ length: 30 }, (_, i) => `AB-${i % 10}${'xyz'.charAt(i % 3)}`);
    const written = outputColumn(roundTrip(idColumn(values)), 'ref');
    for (const id of written) expect(id).toMatch(/^AB-\d[a-z]$/);
    expect(new Set(written).size).toBe(30);
  });

  it('falls back to ID-000001 style ids when the values follow no pattern', () => {
    const values = ['alice@example.org', 'bob@example.org', 'carol@example.net'];
    const out = roundTrip(idColumn(values));
    const written = outputColumn(out, 'ref');
    for (const id of written) expect(id).toMatch(/^ID-\d{6}$/);
    expect(new Set(written).size).toBe(3);
    expect(JSON.stringify(out.state)).not.toMatch(/alice|bob|carol|example/);
  });
});

describe('table codec write-back', () => {
  const sizes = 'size\n' + 'S\n'.repeat(5) + 'M\n'.repeat(4) + 'L\n'.repeat(3) + 'XL\nXXL\n';

  it('folds levels beyond top-k into OTHER_LEVEL and writes it as "(other)"', () => {
    const loaded = load(sizes, { size: { topK: 2 } });
    const state = fitCodec(loaded.raw, loaded.schema);
    const table = toModelTable(state, loaded.raw);
    expect(discrete(table, 'size').levels).toEqual(['S', 'M', OTHER_LEVEL]);
    const written = outputColumn(fromModelTable(state, table, new Rng(1), OPTIONS), 'size');
    expect(written.slice(8)).toEqual([
      'M',
      OTHER_TEXT,
      OTHER_TEXT,
      OTHER_TEXT,
      OTHER_TEXT,
      OTHER_TEXT,
    ]);
    expect(JSON.stringify(state)).not.toMatch(/XXL|"L"/);
  });

  it('clips numbers and dates to the training range unless out-of-range values are allowed', () => {
    const { raw, schema } = load('x,d\n1.5,2020-01-01\n2.25,2020-03-01\n4.75,2020-02-01\n');
    const state = fitCodec(raw, schema);
    const table = toModelTable(state, raw);
    numeric(table, 'x').values.set([-10, 3.14159, 99]);
    numeric(table, 'd').values.set([
      Date.UTC(2019, 0, 1),
      Date.UTC(2020, 1, 2, 13),
      Date.UTC(2021, 0, 1),
    ]);
    const clipped = fromModelTable(state, table, new Rng(1), OPTIONS);
    expect(clipped.rows).toEqual([
      ['1.50', '2020-01-01'],
      ['3.14', '2020-02-03'],
      ['4.75', '2020-03-01'],
    ]);
    const free = fromModelTable(state, table, new Rng(1), { ...OPTIONS, allowOutOfRange: true });
    expect(free.rows.map((row) => row[0])).toEqual(['-10.00', '3.14', '99.00']);
    expect(free.rows.map((row) => row[1])).toEqual(['2019-01-01', '2020-02-03', '2021-01-01']);
  });

  it('rounds integer columns', () => {
    const { raw, schema } = load('n\n1\n5\n9\n');
    const state = fitCodec(raw, schema);
    const table = toModelTable(state, raw);
    numeric(table, 'n').values.set([2.4, 2.6, 8.5]);
    expect(fromModelTable(state, table, new Rng(1), OPTIONS).rows).toEqual([['2'], ['3'], ['9']]);
  });

  it('writes numbers back with their thousands separator', () => {
    const { raw, schema } = load('amount\n"1,234"\n"12,500"\n"3,250,000"\n');
    const state = fitCodec(raw, schema);
    const table = toModelTable(state, raw);
    expect(Array.from(numeric(table, 'amount').values)).toEqual([1234, 12500, 3250000]);
    numeric(table, 'amount').values[0] = 2_500_000.4;
    const written = fromModelTable(state, table, new Rng(1), OPTIONS).rows.map((row) => row[0]);
    expect(written).toEqual(['2,500,000', '12,500', '3,250,000']);
  });

  it('writes numbers back with their decimal comma', () => {
    const { raw, schema } = load('a;b\n1,5;x\n2,25;y\n3,75;x\n');
    const state = fitCodec(raw, schema);
    const table = toModelTable(state, raw);
    numeric(table, 'a').values[0] = 2.5;
    const written = fromModelTable(state, table, new Rng(1), OPTIONS).rows.map((row) => row[0]);
    expect(written).toEqual(['2,50', '2,25', '3,75']);
  });

  it('restores the leading space of cells written like adult.csv, and its " ?" missing token', () => {
    const { raw, schema } = load(
      'age,workclass\n39, State-gov\n50, Self-emp-not-inc\n38, Private\n53, Private\n28, ?\n',
    );
    const state = fitCodec(raw, schema);
    const table = toModelTable(state, raw);
    expect(discrete(table, 'workclass').levels).toEqual([
      'Private',
      'State-gov',
      'Self-emp-not-inc',
      null,
    ]);
    const written = fromModelTable(state, table, new Rng(1), OPTIONS).rows.map((row) => row[1]);
    expect(written).toEqual([' State-gov', ' Self-emp-not-inc', ' Private', ' Private', ' ?']);
  });

  it('writes a constant column with its value and missing cells at the observed share', () => {
    const text =
      'k,c\n' +
      Array.from({ length: 400 }, (_, i) => `${i % 3},${i % 4 === 0 ? '' : 'NL'}`).join('\n');
    const { raw, schema } = load(text);
    expect(schema.columns[1]?.kind).toBe('constant');
    const written = outputColumn(roundTrip({ raw, schema }), 'c');
    expect(new Set(written)).toEqual(new Set(['NL', '']));
    const share = written.filter((v) => v === '').length / written.length;
    expect(share).toBeGreaterThan(0.18);
    expect(share).toBeLessThan(0.32);
  });
});
