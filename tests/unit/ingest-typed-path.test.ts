import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ColumnDictionary } from '../../src/core/data/column-dictionary';
import { readCsvText } from '../../src/core/data/csv-reader';
import { keyText, keyed, numericKey } from '../../src/core/data/numeric-cell';
import {
  countDecimals,
  countPlainDecimals,
  detectNumberFormat,
  parseNumber,
  parsePlainNumber,
} from '../../src/core/data/number-format';
import { distinctValues, inferSchema } from '../../src/core/data/schema-inference';
import { ReadError } from '../../src/core/data/table-builder';
import { summarizeColumn } from '../../src/core/eval/column-summary';
import type { RawColumn, RawTable } from '../../src/core/types';
import { readFile } from '../../src/worker/read-file';

const PLAIN = { decimal: '.', thousands: '' } as const;

/** Strings at the edges of the plain number pattern, and some that only look like numbers. */
const TRICKY = [
  '0', '-0', '+0', '12', '-12', '+12', '1.5', '-1.5', '.5', '-.5', '+.5', '5.', '-5.', '.',
  '-', '+', '', ' ', '1e3', '1E3', '1e+3', '1e-3', '1.25e-7', '.5e2', '1e', '1e+', 'e3', '1.2.3',
  '1..2', '--1', '+-1', '1-', '1 2', ' 12', '12 ', ' 12 ', '\t7\t', '\u00a012', '12\u00a0',
  '\u202f3', '\ufeff4', '\u3000 5', '0x10', '0b1', '0o7', 'Infinity', '-Infinity', 'NaN', '1_000',
  '١٢', '１２', '12abc', 'abc', '1,5', '1,234', '1 234', '007', '00.50', '9007199254740993',
  '1e400', '-1e400', '4.9e-325', '123456789012345678901234567890', '1.0000000000000002',
  'NA', '?', 'null', '1e3.5', '.e1', '+.e1', '3\n', '\n3',
]; // prettier-ignore

/** Every CSV under a folder, recursively. */
function csvFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return csvFiles(path);
    return name.endsWith('.csv') ? [path] : [];
  });
}

/** The same table without the reader's pre-parsed numbers: inference parses the strings. */
function withoutNumbers(table: RawTable): RawTable {
  return {
    ...table,
    columns: table.columns.map(({ values, counts, codes }) => ({ values, counts, codes })),
  };
}

/** Schema and column summaries, as the page gets them. */
function schemaAndSummaries(table: RawTable, tokens: readonly string[]) {
  const schema = inferSchema(table, tokens);
  const set = new Set(tokens);
  const summaries = schema.columns.map((c) =>
    summarizeColumn(table.columns[c.index] as RawTable['columns'][number], c, set),
  );
  return { schema, summaries };
}

async function readFixture(path: string): Promise<RawTable | null> {
  const blob = new Blob([readFileSync(path)]);
  try {
    return (await readFile(blob, new AbortController().signal, () => undefined)).table;
  } catch (e) {
    if (e instanceof ReadError) return null;
    throw e;
  }
}

describe('plain numbers read without a regex', () => {
  it('parsePlainNumber gives exactly what parseNumber gives in the plain format', () => {
    for (const text of TRICKY) {
      expect(Object.is(parsePlainNumber(text), parseNumber(text, PLAIN)), text).toBe(true);
    }
  });

  it('agrees with parseNumber on random strings of digits, signs, points and exponents', () => {
    const alphabet = '0123456789+-.eE x';
    let seed = 7;
    for (let n = 0; n < 5_000; n += 1) {
      let text = '';
      const length = n % 9;
      for (let i = 0; i < length; i += 1) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        text += alphabet[seed % alphabet.length];
      }
      expect(Object.is(parsePlainNumber(text), parseNumber(text, PLAIN)), text).toBe(true);
    }
  });

  it('countPlainDecimals counts as countDecimals does for every plain number', () => {
    for (const text of TRICKY.filter((t) => !Number.isNaN(parsePlainNumber(t)))) {
      expect(countPlainDecimals(text.trim()), text).toBe(countDecimals(text, PLAIN));
    }
  });

  it('detectNumberFormat decides the same with and without the pre-parsed numbers', () => {
    const columns = [['1.5', '2', '-3e2'], ['1,234', '5'], ['1.234,5', '2'], ['a', '1'], ['1,5']];
    for (const values of columns) {
      const numbers = Float64Array.from(values, parsePlainNumber);
      expect(detectNumberFormat(values, numbers)).toEqual(detectNumberFormat(values));
    }
  });
});

describe('the reader parses each distinct value once', () => {
  it('keeps each distinct cell read as a plain number, NaN where it is not one', () => {
    const { table } = readCsvText('a,b\n1.50,x\n 2 ,NA\n1.50,-3e2\n.5,\n');
    const [a, b] = table.columns;
    expect(a?.values).toEqual(['1.50', ' 2 ', '.5']);
    expect(Array.from(a?.numbers ?? [])).toEqual([1.5, 2, 0.5]);
    expect(b?.values).toEqual(['x', 'NA', '-3e2', '']);
    expect(Array.from(b?.numbers ?? [])).toEqual([NaN, NaN, -300, NaN]);
  });

  it('gives the same schema and summaries as parsing the strings, on messy input', () => {
    const text =
      'id,amount,when,flag,score\n' +
      Array.from({ length: 60 }, (_, i) => {
        const amount = i % 7 === 0 ? ` ${i}.25 ` : i % 11 === 0 ? 'N/A' : `${i * 3}.5`;
        const score = i % 5 === 0 ? '1e2' : i % 13 === 0 ? ' 4 ' : `${i % 4}`;
        return `${i + 1},${amount},2026-01-${String((i % 28) + 1).padStart(2, '0')},${i % 2 ? 'yes' : 'no'},${score}`;
      }).join('\n');
    const { table } = readCsvText(text);
    for (const tokens of [
      ['', 'NA', 'N/A'],
      ['', '4'],
    ]) {
      expect(schemaAndSummaries(table, tokens)).toEqual(
        schemaAndSummaries(withoutNumbers(table), tokens),
      );
    }
  });

  it('gives the same schema and summaries as parsing the strings, on every fixture CSV', async () => {
    const files = csvFiles(join(__dirname, '../fixtures'));
    const adult = join(__dirname, '../../../shared/data/adult.csv');
    if (existsSync(adult)) files.push(adult);
    let compared = 0;
    for (const path of files) {
      const table = await readFixture(path);
      if (!table) continue;
      const tokens = ['', 'NA', 'N/A', 'NaN', 'null', 'NULL', 'None', '?'];
      expect(schemaAndSummaries(table, tokens), path).toEqual(
        schemaAndSummaries(withoutNumbers(table), tokens),
      );
      compared += 1;
    }
    expect(compared).toBeGreaterThan(30);
  });
});

describe('the column dictionary', () => {
  it('keeps values in first-seen order with their row counts and one code per row', () => {
    const dictionary = new ColumnDictionary();
    const reference = new Map<string, number>();
    const cells: string[] = [];
    let seed = 11;
    for (let row = 0; row < 50_000; row += 1) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      // Many values (the index grows many times), some repeated, some of the same length.
      const kind = seed % 5;
      const n = (seed >>> 8) % 20_000;
      const cell =
        kind === 0
          ? `v${seed % 97}`
          : kind === 1
            ? `${n}`
            : kind === 2
              ? `-${(n / 100).toFixed(2)}`
              : kind === 3
                ? (['1.5', '1.50', '01.5', '+1.5', '-0', '0', '-0.0', '0.0', '1e3', ' 7'][
                    n % 10
                  ] as string)
                : (n / 8).toString();
      cells.push(cell);
      dictionary.push(row, cell);
      reference.set(cell, (reference.get(cell) ?? 0) + 1);
    }
    const column = dictionary.finish(cells.length);
    expect(column.values).toEqual([...reference.keys()]);
    expect(column.counts).toEqual([...reference.values()]);
    expect(Array.from(column.codes, (code) => column.values[code])).toEqual(cells);
    expect(column.numbers?.length).toBe(column.values.length);
  });

  it('reads ranges of a larger text as the same cells as whole strings', () => {
    const text = 'red,blue,red,green,blue,red';
    const byRange = new ColumnDictionary();
    const byString = new ColumnDictionary();
    let start = 0;
    text.split(',').forEach((cell, row) => {
      byRange.pushRange(row, text, start, start + cell.length);
      byString.push(row, cell);
      start += cell.length + 1;
    });
    expect(byRange.finish(6)).toEqual(byString.finish(6));
    expect(byRange.finish(6).counts).toEqual([3, 2, 1]);
  });
});

/** The straightforward definition: every value trimmed, missing tokens counted, the rest merged. */
function referenceDistinct(column: RawColumn, tokens: ReadonlySet<string>) {
  const merged = new Map<string, number>();
  const byToken = new Map<string, number>();
  let missing = 0;
  let lengthSum = 0;
  column.values.forEach((raw, i) => {
    const count = column.counts[i] ?? 0;
    if (count === 0) return;
    const v = raw.trim();
    if (tokens.has(v)) {
      missing += count;
      byToken.set(raw, (byToken.get(raw) ?? 0) + count);
      return;
    }
    merged.set(v, (merged.get(v) ?? 0) + count);
    lengthSum += v.length * count;
  });
  const nonMissing = [...merged.values()].reduce((a, b) => a + b, 0);
  return {
    values: [...merged.keys()],
    counts: [...merged.values()],
    nonMissing,
    missing,
    missingTokens: [...byToken.entries()].sort((a, b) => b[1] - a[1]).map(([t]) => t),
    meanLength: nonMissing > 0 ? lengthSum / nonMissing : 0,
  };
}

describe('distinct values', () => {
  const tokens = new Set(['', 'NA', '?']);
  const cases: Record<string, RawColumn> = {
    'nothing to trim, nothing missing (the dictionary itself)': {
      values: ['b', 'a', 'c'],
      counts: [2, 1, 4],
      codes: new Uint32Array(0),
    },
    'spaces that make two raw strings one value': {
      values: ['a', ' a', 'b ', '\u00a0b', 'c'],
      counts: [1, 2, 3, 4, 5],
      codes: new Uint32Array(0),
    },
    'missing tokens, padded ones and a value that was never used': {
      values: ['NA', ' NA ', 'x', '', '?', 'y', 'NAN'],
      counts: [3, 1, 2, 5, 1, 0, 2],
      codes: new Uint32Array(0),
    },
  };
  for (const [name, column] of Object.entries(cases)) {
    it(`match the plain definition: ${name}`, () => {
      const { numbers: _, ...d } = distinctValues(column, tokens);
      expect(d).toEqual(referenceDistinct(column, tokens));
    });
  }

  it('match the plain definition on every column of every fixture CSV', async () => {
    const all = new Set(['', 'NA', 'N/A', 'NaN', 'null', 'NULL', 'None', '?']);
    for (const path of csvFiles(join(__dirname, '../fixtures'))) {
      const table = await readFixture(path);
      for (const column of table?.columns ?? []) {
        const { numbers: _, ...d } = distinctValues(column, all);
        expect(d, path).toEqual(referenceDistinct(column, all));
      }
    }
  });
});

describe('plain decimal cells keyed by number', () => {
  const keyedCells = [
    '0', '7', '10', '-3', '0.0', '0.05', '-0.05', '10.50', '2440.10', '-1234.56', '99999999999999',
    '0.0000000000001', '1234567.1234567', '-0.5', '100.000',
  ]; // prettier-ignore
  const otherCells = [
    '', '-', '-0', '-0.0', '-0.000', '+1', '01', '00.5', '.5', '5.', '1e3', '1.5e2', ' 1', '1 ',
    '123456789012345', '0.12345678901234', '1,5', 'NA', '١', '1.2.3', '--1', '0x1',
  ]; // prettier-ignore

  it('keys a plain decimal by a number that gives back its exact text and its value', () => {
    for (const cell of keyedCells) {
      const key = numericKey(`,${cell},`, 1, cell.length + 1);
      expect(Number.isNaN(key), cell).toBe(false);
      expect(keyText(key)).toBe(cell);
      expect(keyed.value).toBe(Number(cell));
    }
  });

  it('leaves every other cell to be looked up as text', () => {
    for (const cell of otherCells) expect(numericKey(cell, 0, cell.length), cell).toBeNaN();
  });

  it('gives back the text and value of random decimals of up to 14 digits', () => {
    let seed = 3;
    const next = () => (seed = (seed * 1103515245 + 12345) >>> 0);
    for (let n = 0; n < 5_000; n += 1) {
      const intDigits = 1 + (next() % 8);
      const fracDigits = next() % 7;
      let int = String(1 + (next() % 9));
      for (let i = 1; i < intDigits; i += 1) int += String(next() % 10);
      if (next() % 4 === 0) int = '0';
      let frac = '';
      for (let i = 0; i < fracDigits; i += 1) frac += String(next() % 10);
      const cell = `${next() % 2 ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
      const key = numericKey(cell, 0, cell.length);
      if (/^-0(\.0*)?$/.test(cell)) {
        expect(key, cell).toBeNaN();
        continue;
      }
      expect(keyText(key), cell).toBe(cell);
      expect(keyed.value, cell).toBe(Number(cell));
    }
  });
});

describe('reading a file in pieces', () => {
  it('reads characters cut by a piece boundary whole (UTF-8 of 2 to 4 bytes)', async () => {
    const rows = Array.from({ length: 12_000 }, (_, i) => `${i},café ${i % 7},😀${i % 3},naïve`);
    const text = `id,word,face,tag\n${rows.join('\n')}\n`;
    const bytes = new TextEncoder().encode(text);
    expect(bytes.length).toBeGreaterThan(4 * 65_536);
    const read = await readFile(new Blob([bytes]), new AbortController().signal, () => undefined);
    expect(read.table).toEqual(readCsvText(text).table);
    expect(read.table.columns[2]?.values).toEqual(['😀0', '😀1', '😀2']);
  });
});
