import { describe, expect, it } from 'vitest';
import { readCsvText } from '../../src/core/data/csv-reader';
import type { ModelTable } from '../../src/core/data/model-table';
import { placesNeeded } from '../../src/core/data/number-format';
import { inferSchema } from '../../src/core/data/schema-inference';
import { fitCodec, fromModelTable, toModelTable } from '../../src/core/data/table-codec';
import { gridsOfCodec, snap } from '../../src/core/rules/write-grid';
import { Rng } from '../../src/core/rng';

/** Fits the codec on `csv`, then writes the model-form values `written` back as text. */
function writeBack(csv: string, written: Record<string, number[]>): Record<string, string[]> {
  const raw = readCsvText(csv).table;
  const state = fitCodec(raw, inferSchema(raw));
  const model = toModelTable(state, raw);
  const rows = Object.values(written)[0]?.length ?? 0;
  const table: ModelTable = {
    rows,
    columns: model.columns.map((c) =>
      c.type === 'numeric' && written[c.name]
        ? { ...c, values: Float64Array.from(written[c.name] as number[]) }
        : c.type === 'numeric'
          ? { ...c, values: new Float64Array(rows) }
          : { ...c, codes: new Int32Array(rows) },
    ),
  };
  const out = fromModelTable(state, table, new Rng(1), {
    textMode: 'placeholder',
    allowOutOfRange: true,
  });
  const result: Record<string, string[]> = {};
  out.names.forEach((name, j) => (result[name] = out.rows.map((r) => r[j] as string)));
  return result;
}

describe('numbers are written with the decimals the input writes', () => {
  it('a money column written "146083.0" comes back as whole numbers written with ".0"', () => {
    const csv = ['amount', '146083.0', '99120.0', '15000000.0', '2500.0'].join('\n');
    const out = writeBack(csv, { amount: [15855124.4, 1234.56, 99.5, 100.49] });
    expect(out.amount).toEqual(['15855124.0', '1235.0', '100.0', '100.0']);
  });

  it('a column with real decimals keeps them all', () => {
    const csv = ['price', '12.25', '3.50', '7.10', '8.00'].join('\n');
    expect(writeBack(csv, { price: [15.456, 1.2] }).price).toEqual(['15.46', '1.20']);
  });

  it('written "12.50", "3.20": one digit carried, two written', () => {
    const csv = ['price', '12.50', '3.20', '7.10', '8.00'].join('\n');
    expect(writeBack(csv, { price: [15.456, 1.24] }).price).toEqual(['15.50', '1.20']);
  });

  it('rules check values on the same grid as they are written', () => {
    const raw = readCsvText(['amount', '146083.0', '99120.0'].join('\n')).table;
    const grid = gridsOfCodec(fitCodec(raw, inferSchema(raw)), true).amount;
    expect(snap(15855124.4, grid)).toBe(15855124);
  });

  it('placesNeeded finds the fewest digits that write a value exactly', () => {
    expect(placesNeeded(146083, 1)).toBe(0);
    expect(placesNeeded(12.5, 2)).toBe(1);
    expect(placesNeeded(0.125, 3)).toBe(3);
    expect(placesNeeded(7.1, 2, 1)).toBe(1);
    // toFixed stops at 100 digits: "1e-300" keeps the digits it was written with
    expect(placesNeeded(1e-300, 300)).toBe(300);
  });
});
