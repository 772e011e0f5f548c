import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseWhere, readConstraintsFile } from '../../src/cli/rules';
import { readCsvText } from '../../src/core/data/csv-reader';
import { inferSchema } from '../../src/core/data/schema-inference';
import {
  bindConstraints,
  columnsOfSchema,
  type Constraint,
} from '../../src/core/rules/constraints';
import { fromSdvConstraint, toSdvConstraint } from '../../src/core/rules/sdv';
import {
  applySdvMetadata,
  patternToStrftime,
  strftimeToPattern,
  toSdvMetadata,
} from '../../src/core/rules/sdv-metadata';
import { exportSdvConstraints, parseSpec, serializeSpec } from '../../src/core/rules/spec-file';
import { viewOfRaw } from '../../src/core/rules/table-view';
import { checkConstraints } from '../../src/core/rules/validity';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/rules/${name}`, import.meta.url), 'utf8');
const { table: orders } = readCsvText(fixture('orders.csv'));

describe('SDV constraint dictionaries', () => {
  it('read SDV constraint lists unchanged', () => {
    const spec = parseSpec(fixture('sdv-constraints.json'));
    expect(spec.constraints).toEqual([
      { kind: 'inequality', low: 'order_date', high: 'ship_date', strict: false },
      { kind: 'fixed-combinations', columns: ['city', 'country'] },
      { kind: 'range', column: 'quantity', min: 1, max: 12, strict: false },
      { kind: 'positive', column: 'subtotal', strict: true },
    ]);
  });

  it('work on the table they were written for', () => {
    const schema = inferSchema(orders);
    const bound = bindConstraints(
      parseSpec(fixture('sdv-constraints.json')).constraints,
      columnsOfSchema(schema),
    );
    const checks = checkConstraints(viewOfRaw(orders, schema), bound);
    expect(checks.map((c) => [c.checked, c.violations])).toEqual(bound.map(() => [true, 0]));
  });

  it('take SDV defaults for strict_boundaries (Inequality and ScalarRange strict, Positive not)', () => {
    const p = (cls: string, params: Record<string, unknown>) =>
      fromSdvConstraint({ constraint_class: cls, constraint_parameters: params });
    expect(p('Inequality', { low_column_name: 'a', high_column_name: 'b' })).toEqual([
      { kind: 'inequality', low: 'a', high: 'b', strict: true },
    ]);
    expect(p('ScalarRange', { column_name: 'a', low_value: 0, high_value: 5 })[0]).toMatchObject({
      strict: true,
    });
    expect(p('Positive', { column_name: 'a' })[0]).toMatchObject({
      kind: 'positive',
      strict: false,
    });
    expect(p('Negative', { column_name: 'a' })[0]).toMatchObject({
      kind: 'negative',
      strict: false,
    });
  });

  it('read ScalarInequality as a one-sided range and Range as two inequalities', () => {
    const p = (cls: string, params: Record<string, unknown>) =>
      fromSdvConstraint({ constraint_class: cls, constraint_parameters: params });
    expect(
      p('ScalarInequality', { column_name: 'd', relation: '>=', value: '2020-01-01' }),
    ).toEqual([{ kind: 'range', column: 'd', min: '2020-01-01', strict: false }]);
    expect(p('ScalarInequality', { column_name: 'x', relation: '<', value: 3 })).toEqual([
      { kind: 'range', column: 'x', max: 3, strict: true },
    ]);
    expect(
      p('Range', {
        low_column_name: 'a',
        middle_column_name: 'b',
        high_column_name: 'c',
        strict_boundaries: false,
      }),
    ).toEqual([
      { kind: 'inequality', low: 'a', high: 'b', strict: false },
      { kind: 'inequality', low: 'b', high: 'c', strict: false },
    ]);
  });

  it('refuse what they cannot read, in plain words', () => {
    expect(() =>
      fromSdvConstraint({ constraint_class: 'FixedIncrements', constraint_parameters: {} }),
    ).toThrow(/"FixedIncrements" is not one Facsimile has/);
    expect(() =>
      fromSdvConstraint({
        constraint_class: 'Inequality',
        constraint_parameters: { low_column_name: 'a' },
      }),
    ).toThrow(/needs "high_column_name"/);
    expect(() =>
      fromSdvConstraint({
        constraint_class: 'Positive',
        constraint_parameters: { column_name: 'a', strict_boundaries: 'yes' },
      }),
    ).toThrow(/true or false/);
    expect(() =>
      parseSpec(
        '[{"constraint_class": "Inequality", "constraint_parameters": {}}, {"kind": "between"}]',
      ),
    ).toThrow(/Constraint 1: .*low_column_name[\s\S]*\nConstraint 2 is neither/);
  });

  it('write back what SDV has, naming what it does not', () => {
    const ours: Constraint[] = [
      { kind: 'inequality', low: 'a', high: 'b', strict: false },
      { kind: 'range', column: 'q', min: 1, max: 12, strict: true },
      { kind: 'range', column: 'd', min: '2020-01-01' },
      { kind: 'positive', column: 's', strict: true },
      { kind: 'negative', column: 'n', strict: false },
      { kind: 'fixed-combinations', columns: ['city', 'country'] },
      { kind: 'sum', columns: ['a', 'b'], total: 'c' },
    ];
    const { constraints, skipped } = exportSdvConstraints(ours);
    expect(constraints.map((c) => c.constraint_class)).toEqual([
      'Inequality',
      'ScalarRange',
      'ScalarInequality',
      'Positive',
      'Negative',
      'FixedCombinations',
    ]);
    expect(constraints[0]?.constraint_parameters).toEqual({
      low_column_name: 'a',
      high_column_name: 'b',
      strict_boundaries: false,
    });
    expect(skipped).toEqual(['"a + b = c" has no SDV counterpart.']);
    const back = constraints.flatMap(fromSdvConstraint);
    expect(back).toEqual(ours.slice(0, 6).map(normalise));
    expect(toSdvConstraint({ kind: 'format', column: 'id', template: '##' })).toBeNull();
  });
});

/** A constraint with its strictness written out, as reading SDV gives it. */
function normalise(c: Constraint): Constraint {
  return c.kind === 'range' ||
    c.kind === 'inequality' ||
    c.kind === 'positive' ||
    c.kind === 'negative'
    ? { ...c, strict: c.strict === true }
    : c;
}

describe('SDV single-table metadata', () => {
  it('sets kinds and date formats from sdtypes', () => {
    const { schema, warnings } = applySdvMetadata(
      inferSchema(orders),
      JSON.parse(fixture('sdv-metadata.json')),
    );
    const kinds = Object.fromEntries(schema.columns.map((c) => [c.name, c.kind]));
    expect(kinds).toEqual({
      order_id: 'identifier',
      city: 'categorical',
      country: 'categorical',
      order_date: 'datetime',
      ship_date: 'datetime',
      quantity: 'integer',
      subtotal: 'continuous',
      tax: 'continuous',
      total: 'continuous',
    });
    expect(schema.columns.find((c) => c.name === 'order_date')?.datetimeFormat).toEqual({
      pattern: 'YYYY-MM-DD',
    });
    expect(warnings).toEqual([]);
  });

  it('overrides the inferred kinds and warns about what it cannot apply', () => {
    const meta = {
      METADATA_SPEC_VERSION: 'SINGLE_TABLE_V1',
      columns: {
        quantity: { sdtype: 'categorical' },
        city: { sdtype: 'email', pii: true },
        ship_date: { sdtype: 'datetime', datetime_format: '%Y-%m-%d %H:%M:%S.%f' },
        colour: { sdtype: 'categorical' },
      },
    };
    const { schema, warnings } = applySdvMetadata(inferSchema(orders), meta);
    expect(schema.columns.find((c) => c.name === 'quantity')?.kind).toBe('categorical');
    expect(schema.columns.find((c) => c.name === 'city')?.kind).toBe('identifier');
    expect(warnings).toEqual([
      'The SDV metadata names a column "colour" the table does not have.',
      'city: the sdtype "email" is read as an identifier.',
      'ship_date: the datetime_format "%Y-%m-%d %H:%M:%S.%f" uses %f, which Facsimile does not read; the detected format is kept.',
    ]);
  });

  it('exports the schema as metadata SDV reads, and reads it back the same', () => {
    const schema = applySdvMetadata(
      inferSchema(orders),
      JSON.parse(fixture('sdv-metadata.json')),
    ).schema;
    const meta = toSdvMetadata(schema);
    expect(meta.METADATA_SPEC_VERSION).toBe('SINGLE_TABLE_V1');
    expect(meta.primary_key).toBe('order_id');
    expect(meta.columns.quantity).toEqual({
      sdtype: 'numerical',
      computer_representation: 'Int64',
    });
    expect(meta.columns.order_date).toEqual({ sdtype: 'datetime', datetime_format: '%Y-%m-%d' });
    expect(meta.columns.city).toEqual({ sdtype: 'categorical' });
    const again = applySdvMetadata(inferSchema(orders), JSON.parse(JSON.stringify(meta))).schema;
    expect(again.columns.map((c) => [c.kind, c.datetimeFormat])).toEqual(
      schema.columns.map((c) => [c.kind, c.datetimeFormat]),
    );
  });

  it('reads a multi-table document with one table, and refuses several', () => {
    const one = {
      METADATA_SPEC_VERSION: 'V1',
      tables: { orders: JSON.parse(fixture('sdv-metadata.json')) },
    };
    expect(applySdvMetadata(inferSchema(orders), one).schema.columns[0]?.kind).toBe('identifier');
    const two = { ...one, tables: { a: {}, b: {} } };
    expect(() => applySdvMetadata(inferSchema(orders), two)).toThrow(/describes 2 tables/);
    expect(() => applySdvMetadata(inferSchema(orders), { columns: { a: {} } })).toThrow(
      /column a has no "sdtype"/,
    );
  });

  it('converts date formats between strftime and the schema tokens', () => {
    expect(strftimeToPattern('%d %b %Y')).toEqual({ pattern: 'DD MMM YYYY' });
    expect(strftimeToPattern('%Y-%m-%dT%H:%M:%S%z')).toEqual({ pattern: 'YYYY-MM-DDTHH:mm:ssZ' });
    expect(strftimeToPattern('%j')).toEqual({ unknown: '%j' });
    expect(patternToStrftime('D/M/YYYY h:mm A')).toBe('%d/%m/%Y %I:%M %p');
  });
});

describe('the spec file', () => {
  it('round-trips constraints and rules with its version', () => {
    const constraints: Constraint[] = [
      { kind: 'sum', columns: ['a', 'b'], total: 'c' },
      { kind: 'format', column: 'id', template: 'ID-#####' },
    ];
    const columns = [{ name: 'a', type: 'normal' as const, mean: 1, sd: 2 }];
    const text = serializeSpec(constraints, columns);
    expect(JSON.parse(text)).toMatchObject({ format: 'facsimile-spec', version: 1 });
    expect(parseSpec(text)).toEqual({ format: 'facsimile-spec', version: 1, constraints, columns });
  });

  it('reads a mixed list and an SDV-style object', () => {
    const mixed = JSON.stringify({
      constraints: [
        { kind: 'unique', columns: ['id'] },
        { constraint_class: 'Negative', constraint_parameters: { column_name: 'loss' } },
      ],
    });
    expect(parseSpec(mixed).constraints).toEqual([
      { kind: 'unique', columns: ['id'] },
      { kind: 'negative', column: 'loss', strict: false },
    ]);
  });

  it('refuses other files in plain words', () => {
    expect(() => parseSpec('{nope')).toThrow(/not valid JSON/);
    expect(() =>
      parseSpec('{"format": "facsimile-spec", "version": 2, "constraints": []}'),
    ).toThrow(/version 2; this app reads version 1/);
    expect(() => parseSpec('{"format": "facsimile-model", "version": 1}')).toThrow(
      /not a Facsimile spec/,
    );
    expect(() => parseSpec('{"constraints": 3}')).toThrow(/must be a list/);
  });
});

describe('the CLI options --constraints and --where', () => {
  it('read an SDV constraint list file as it is', () => {
    const path = fileURLToPath(new URL('../fixtures/rules/sdv-constraints.json', import.meta.url));
    expect(readConstraintsFile(path).map((c) => c.kind)).toEqual([
      'inequality',
      'fixed-combinations',
      'range',
      'positive',
    ]);
    expect(() => readConstraintsFile('/nonexistent/spec.json')).toThrow(
      /Cannot read the constraints file/,
    );
  });

  it('read repeated column=value conditions', () => {
    expect(parseWhere(['city=Paris', 'note = a=b '])).toEqual([
      { column: 'city', value: 'Paris' },
      { column: 'note', value: 'a=b' },
    ]);
    expect(() => parseWhere(['=Paris'])).toThrow(/--where: A condition is written column=value/);
  });
});
