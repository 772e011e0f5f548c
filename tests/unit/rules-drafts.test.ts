import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCsvText } from '../../src/core/data/csv-reader';
import { inferSchema } from '../../src/core/data/schema-inference';
import { bindConstraint, columnsOfSchema } from '../../src/core/rules/constraints';
import { compileRules } from '../../src/core/rules/rules-spec';
import { completeConditions } from '../../src/features/rules/ConditionsEditor';
import {
  columnsFor,
  draftToConstraint,
  EMPTY_DRAFT,
} from '../../src/features/rules/constraint-kinds';
import {
  checkRuleColumn,
  draftToRule,
  EMPTY_RULE_DRAFT,
  ruleColumnInfos,
} from '../../src/features/rules/rule-column-draft';
import { sdvOverrides } from '../../src/features/rules/sdv-schema';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/rules/${name}`, import.meta.url), 'utf8');
const { table: orders } = readCsvText(fixture('orders.csv'));
const schema = inferSchema(orders);
const columns = columnsOfSchema(schema);

describe('the rule editor', () => {
  it('offers only the columns a kind of rule can name', () => {
    const names = (kind: Parameters<typeof columnsFor>[0]) =>
      columnsFor(kind, columns).map((c) => c.name);
    expect(names('inequality')).toEqual(
      expect.arrayContaining(['order_date', 'ship_date', 'quantity']),
    );
    expect(names('inequality')).not.toContain('city');
    expect(names('fixed-combinations')).toEqual(['city', 'country']);
    expect(names('sum')).not.toContain('order_date');
  });

  it('turns typed fields into constraints the table accepts', () => {
    const range = draftToConstraint({
      ...EMPTY_DRAFT,
      kind: 'range',
      column: 'quantity',
      max: '10',
    });
    expect(range).toEqual({ kind: 'range', column: 'quantity', max: 10 });
    const dates = draftToConstraint({
      ...EMPTY_DRAFT,
      kind: 'range',
      column: 'order_date',
      min: '2024-01-01',
      strict: true,
    });
    expect(dates).toEqual({ kind: 'range', column: 'order_date', min: '2024-01-01', strict: true });
    expect(() => bindConstraint(dates, columns)).not.toThrow();
    const combos = draftToConstraint({
      ...EMPTY_DRAFT,
      kind: 'fixed-combinations',
      columns: ['city', 'country'],
      combinations: 'Paris, France\n\nOslo,Norway\n',
    });
    expect(combos).toEqual({
      kind: 'fixed-combinations',
      columns: ['city', 'country'],
      combinations: [
        ['Paris', 'France'],
        ['Oslo', 'Norway'],
      ],
    });
    const allowed = draftToConstraint({
      ...EMPTY_DRAFT,
      kind: 'allowed-values',
      column: 'city',
      values: ' Paris, Lyon ,',
    });
    expect(allowed).toEqual({ kind: 'allowed-values', column: 'city', values: ['Paris', 'Lyon'] });
  });

  it('leaves an unfinished rule for the table check to refuse, in words', () => {
    const empty = draftToConstraint({ ...EMPTY_DRAFT, kind: 'inequality' });
    expect(() => bindConstraint(empty, columns)).toThrow(/column/);
  });

  it('sends only conditions with both a column and a value', () => {
    expect(
      completeConditions([
        { column: 'city', value: 'Oslo' },
        { column: '', value: 'x' },
        { column: 'country', value: ' ' },
      ]),
    ).toEqual([{ column: 'city', value: 'Oslo' }]);
  });
});

describe('the column rules of a table without data', () => {
  it('turns typed fields into a spec the generator compiles', () => {
    const height = draftToRule({
      ...EMPTY_RULE_DRAFT,
      name: ' height ',
      type: 'normal',
      mean: '170',
      sd: '10',
      decimals: '1',
      missing: '5',
    });
    expect(height).toEqual({
      name: 'height',
      type: 'normal',
      mean: 170,
      sd: 10,
      decimals: 1,
      missing: 0.05,
    });
    const segment = draftToRule({
      ...EMPTY_RULE_DRAFT,
      name: 'segment',
      type: 'categorical',
      values: 'basic, plus, premium',
      weights: '6, 3, 1',
    });
    expect(segment).toEqual({
      name: 'segment',
      type: 'categorical',
      values: ['basic', 'plus', 'premium'],
      weights: [6, 3, 1],
    });
    const compiled = compileRules({ columns: [height, segment] });
    expect(compiled.names).toEqual(['height', 'segment']);
    expect(ruleColumnInfos([height, segment]).map((c) => c.kind)).toEqual([
      'continuous',
      'categorical',
    ]);
  });

  it('refuses a column without a name, a name used twice, or a missing mean', () => {
    const ok = draftToRule({ ...EMPTY_RULE_DRAFT, name: 'x', mean: '1', sd: '1' });
    expect(() => checkRuleColumn({ ...ok, name: '' }, [])).toThrow(/name/);
    expect(() => checkRuleColumn(ok, ['x'])).toThrow(/already/);
    expect(() =>
      checkRuleColumn(draftToRule({ ...EMPTY_RULE_DRAFT, name: 'y', sd: '1' }), []),
    ).toThrow(/mean/);
    expect(() =>
      checkRuleColumn(
        draftToRule({ ...EMPTY_RULE_DRAFT, name: 'z', mean: '0', sd: '1', missing: '100' }),
        [],
      ),
    ).toThrow(/percentage/);
  });
});

describe('SDV metadata into the schema panel', () => {
  it('becomes kind overrides for the columns it changes, and only those', () => {
    const { overrides, warnings } = sdvOverrides(schema.columns, {
      columns: {
        quantity: { sdtype: 'categorical' },
        city: { sdtype: 'categorical' },
        nowhere: { sdtype: 'numerical' },
      },
    });
    expect(overrides).toEqual({ quantity: { kind: 'categorical' } });
    expect(warnings.join(' ')).toContain('nowhere');
  });

  it('refuses a document that is not SDV metadata, in words', () => {
    expect(() => sdvOverrides(schema.columns, { tables: {} })).toThrow(/tables|columns/);
  });
});
