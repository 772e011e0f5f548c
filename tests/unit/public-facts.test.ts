/**
 * Public facts read from a JSON document, Facsimile's own form or SDV single-table metadata:
 * the ranges and values SDV columns state become facts, ScalarRange constraints become ranges,
 * columns that state nothing become notes, and a bad file is refused in words. The page and
 * the command line read them with this one parser.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/cli/args';
import { readDpOptions } from '../../src/cli/dp-options';
import {
  factsForColumns,
  parsePublicFacts,
  PublicFactsError,
} from '../../src/core/privacy/public-facts';

const penguins = JSON.parse(
  readFileSync(new URL('../fixtures/dp/penguins-sdv-metadata.json', import.meta.url), 'utf8'),
) as unknown;

describe('public facts from SDV metadata', () => {
  it('reads stated bounds, values and ScalarRange constraints as public facts', () => {
    const read = parsePublicFacts(penguins);
    expect(read.format).toBe('sdv');
    expect(read.facts).toEqual({
      Species: { levels: ['Adelie', 'Chinstrap', 'Gentoo'] },
      Island: { levels: ['Biscoe', 'Dream', 'Torgersen'] },
      'Beak Length (mm)': { min: 30, max: 60 },
      'Beak Depth (mm)': { min: 13, max: 22 },
      'Flipper Length (mm)': { min: 170, max: 235 },
      'Body Mass (g)': { min: 2500, max: 6500 },
      Sex: { levels: ['FEMALE', 'MALE'] },
    });
    expect(read.notes).toEqual([]);
  });

  it('says which columns state nothing (id, no range, no values) and gives them no fact', () => {
    const read = parsePublicFacts({
      primary_key: 'id',
      columns: {
        id: { sdtype: 'id' },
        income: { sdtype: 'numerical' },
        city: { sdtype: 'categorical' },
        email: { sdtype: 'email', pii: true },
      },
    });
    expect(read.facts).toEqual({});
    expect(read.notes.join('\n')).toMatch(/"id" is an identifier/);
    expect(read.notes.join('\n')).toMatch(/"income" \(numerical\) states no range/);
    expect(read.notes.join('\n')).toMatch(/"city" \(categorical\) states no values/);
    expect(read.notes.join('\n')).toMatch(/"email" has sdtype "email"/);
  });

  it('reads datetime bounds in the column strftime format, and ISO dates, as epoch ms', () => {
    const read = parsePublicFacts({
      METADATA_SPEC_VERSION: 'SINGLE_TABLE_V1',
      columns: {
        day: {
          sdtype: 'datetime',
          datetime_format: '%d/%m/%Y',
          min_value: '01/02/2020',
          max_value: '31/12/2021',
        },
        seen: { sdtype: 'datetime', min_value: '2019-05-01', max_value: '2019-06-01' },
      },
    });
    expect(read.facts.day).toEqual({ min: Date.UTC(2020, 1, 1), max: Date.UTC(2021, 11, 31) });
    expect(read.facts.seen).toEqual({ min: Date.UTC(2019, 4, 1), max: Date.UTC(2019, 5, 1) });
  });

  it('reads the one table of a multi-table document, and refuses several', () => {
    const one = parsePublicFacts({ tables: { people: penguins } });
    expect(one.facts.Sex).toEqual({ levels: ['FEMALE', 'MALE'] });
    expect(() => parsePublicFacts({ tables: { a: penguins, b: penguins } })).toThrow(
      /describes 2 tables \(a, b\); Facsimile works on one table at a time/,
    );
  });

  it('refuses a bad file in words', () => {
    const bad = (json: unknown) => () => parsePublicFacts(json);
    expect(bad([1, 2])).toThrow(PublicFactsError);
    expect(bad('text')).toThrow(/is a JSON object/);
    expect(bad({ METADATA_SPEC_VERSION: 'SINGLE_TABLE_V1' })).toThrow(/needs "columns"/);
    expect(bad({ METADATA_SPEC_VERSION: 'V1', columns: { a: { type: 'x' } } })).toThrow(
      /column "a" has no "sdtype"/,
    );
    expect(bad({ columns: { a: { sdtype: 'numerical', min_value: 'low' } } })).toThrow(
      /"min_value" must be a number/,
    );
    expect(bad({ columns: { a: { sdtype: 'numerical', min_value: 9, max_value: 1 } } })).toThrow(
      /lowest value 9 above its highest value 1/,
    );
    expect(bad({ columns: { a: { sdtype: 'categorical', values: [] } } })).toThrow(
      /"values" must be a non-empty list/,
    );
    expect(bad({ columns: { d: { sdtype: 'datetime', min_value: 'soon' } } })).toThrow(
      /"soon" is not a date/,
    );
    expect(
      bad({
        columns: { a: { sdtype: 'numerical' } },
        constraints: [{ constraint_class: 'ScalarRange', constraint_parameters: {} }],
      }),
    ).toThrow(/names no "column_name"/);
  });
});

describe('public facts in Facsimile form', () => {
  it('reads ranges and levels, at the top or under "columns"', () => {
    const facts = { age: { min: 17, max: 90 }, sex: { levels: ['F', 'M'] } };
    expect(parsePublicFacts(facts)).toEqual({ facts, format: 'facsimile', notes: [] });
    expect(parsePublicFacts({ columns: facts }).facts).toEqual(facts);
    expect(() => parsePublicFacts({ age: { min: 'x' } })).toThrow(/"min" that is not a number/);
    expect(() => parsePublicFacts({ age: {} })).toThrow(/states nothing/);
  });

  it('keeps only the facts that fit the table, with a note for each left out', () => {
    const { facts, notes } = factsForColumns(
      { age: { min: 1, max: 9 }, sex: { min: 0, max: 1 }, gone: { levels: ['x'] }, n: { min: 0 } },
      [
        { name: 'age', type: 'numeric' },
        { name: 'sex', type: 'discrete' },
        { name: 'n', type: 'numeric' },
      ],
    );
    expect(facts).toEqual({ age: { min: 1, max: 9 }, n: { min: 0 } });
    expect(notes.join('\n')).toMatch(/"sex" is a category column: it needs its list of levels/);
    expect(notes.join('\n')).toMatch(/no modelled column "gone"/);
    expect(notes.join('\n')).toMatch(/"n": only its lowest value is public/);
  });
});

describe('the command line reads SDV metadata for --public-bounds', () => {
  const dir = mkdtempSync(join(tmpdir(), 'facsimile-facts-'));
  const options = (path: string) =>
    readDpOptions(
      parseArgs(['--epsilon', '1', '--public-bounds', path], ['epsilon', 'public-bounds']),
      'mst',
    );

  it('takes the facts of an SDV metadata file', () => {
    const path = join(dir, 'meta.json');
    writeFileSync(path, JSON.stringify(penguins));
    expect(options(path)?.publicFacts['Body Mass (g)']).toEqual({ min: 2500, max: 6500 });
  });

  it('refuses a bad one with the option named', () => {
    const path = join(dir, 'bad.json');
    writeFileSync(path, JSON.stringify({ columns: { a: { sdtype: 'numerical', max_value: [] } } }));
    expect(() => options(path)).toThrow(
      /--public-bounds: Column "a": "max_value" must be a number/,
    );
  });
});
