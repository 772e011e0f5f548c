import { readFileSync } from 'node:fs';
import { constraintLines } from '../../src/cli/rules';
import { describe, expect, it } from 'vitest';
import { readCsvText } from '../../src/core/data/csv-reader';
import { tableRows } from '../../src/core/data/csv-writer';
import type { DiscreteColumn, ModelTable, NumericColumn } from '../../src/core/data/model-table';
import { applyOverrides, inferSchema } from '../../src/core/data/schema-inference';
import { fitCodec, fromModelTable, toModelTable } from '../../src/core/data/table-codec';
import { fitCopula, sampleCopula } from '../../src/core/models/copula/copula';
import { Rng } from '../../src/core/rng';
import {
  bindConditions,
  fixedCells,
  nativeCondition,
  nativeLevels,
  parseCondition,
  rarestNativeCondition,
} from '../../src/core/rules/conditions';
import {
  sampleRowsUnderRules,
  type ConstrainedSampling,
} from '../../src/core/rules/constrained-rows';
import {
  checkWrittenRows,
  fitConstraintPlan,
  planWithoutData,
  sampleConstrained,
  transformForTraining,
  uniqueAcrossChunks,
} from '../../src/core/rules/constraint-plan';
import {
  bindConstraints,
  columnsOfSchema,
  type ColumnInfo,
  type Constraint,
} from '../../src/core/rules/constraints';
import { sampleWithRejection } from '../../src/core/rules/reject-sampler';
import { viewOfModelTable, viewOfRaw } from '../../src/core/rules/table-view';
import {
  applyConstraintTransforms,
  fitConstraintTransforms,
  invertConstraintTransforms,
} from '../../src/core/rules/transforms';
import {
  checkConstraints,
  learnCombinations,
  makeRowValidator,
  violationMessages,
} from '../../src/core/rules/validity';

const num = (name: string, values: number[], integer = false): NumericColumn => ({
  type: 'numeric',
  name,
  values: Float64Array.from(values),
  integer,
});
const cat = (name: string, values: (string | null)[]): DiscreteColumn => {
  const levels = [...new Set(values)];
  return {
    type: 'discrete',
    name,
    codes: Int32Array.from(values, (v) => levels.indexOf(v)),
    levels,
  };
};
const table = (...columns: (NumericColumn | DiscreteColumn)[]): ModelTable => ({
  rows: columns[0]?.type === 'numeric' ? columns[0].values.length : (columns[0]?.codes.length ?? 0),
  columns,
});
const numeric = (t: ModelTable, name: string) => {
  const c = t.columns.find((x) => x.name === name);
  if (c?.type !== 'numeric') throw new Error(`no number column ${name}`);
  return c.values;
};
const texts = (t: ModelTable, name: string) => {
  const c = t.columns.find((x) => x.name === name);
  if (c?.type !== 'discrete') throw new Error(`no category column ${name}`);
  return Array.from(c.codes, (code) => c.levels[code] ?? null);
};

const COLUMNS: ColumnInfo[] = [
  { name: 'a', kind: 'continuous' },
  { name: 'b', kind: 'continuous' },
  { name: 'c', kind: 'continuous' },
  { name: 'n', kind: 'integer' },
  { name: 'city', kind: 'categorical' },
  { name: 'country', kind: 'categorical' },
  { name: 'id', kind: 'identifier' },
  { name: 'day', kind: 'datetime', datetimeFormat: { pattern: 'YYYY-MM-DD' } },
  { name: 'later', kind: 'datetime', datetimeFormat: { pattern: 'YYYY-MM-DD' } },
];

/** The number of rows breaking one constraint in a model table, and the 1-based rows. */
function broken(c: Constraint, t: ModelTable) {
  const bound = bindConstraints([c], COLUMNS);
  const datetimes = new Set(['day', 'later']);
  const [check] = checkConstraints(viewOfModelTable(t, datetimes), bound);
  return { count: check?.violations ?? -1, rows: check?.examples.map((e) => e.row) ?? [] };
}

describe('each constraint kind flags the rows that break it, and only those', () => {
  it('range: min and max, inclusive unless strict', () => {
    const t = table(num('a', [0, 5, 10, 11, -1, NaN]));
    expect(broken({ kind: 'range', column: 'a', min: 0, max: 10 }, t)).toEqual({
      count: 2,
      rows: [4, 5],
    });
    expect(broken({ kind: 'range', column: 'a', min: 0, max: 10, strict: true }, t).count).toBe(4);
  });

  it('range on dates reads its bounds as dates', () => {
    const day = Date.UTC(2024, 0, 15);
    const t = table(num('day', [day, Date.UTC(2023, 11, 31)], true));
    expect(
      broken({ kind: 'range', column: 'day', min: '2024-01-01', max: '2024-12-31' }, t).rows,
    ).toEqual([2]);
  });

  it('positive and negative, with and without zero', () => {
    const t = table(num('a', [3, 0, -2]));
    expect(broken({ kind: 'positive', column: 'a' }, t).rows).toEqual([3]);
    expect(broken({ kind: 'positive', column: 'a', strict: true }, t).rows).toEqual([2, 3]);
    expect(broken({ kind: 'negative', column: 'a' }, t).rows).toEqual([1]);
    expect(broken({ kind: 'negative', column: 'a', strict: true }, t).rows).toEqual([1, 2]);
  });

  it('inequality between two columns, also for dates, ignoring missing cells', () => {
    const t = table(num('a', [1, 5, 2, NaN]), num('b', [2, 4, 2, 0]));
    expect(broken({ kind: 'inequality', low: 'a', high: 'b' }, t).rows).toEqual([2]);
    expect(broken({ kind: 'inequality', low: 'a', high: 'b', strict: true }, t).rows).toEqual([
      2, 3,
    ]);
    const d = table(
      num('day', [Date.UTC(2024, 0, 2)], true),
      num('later', [Date.UTC(2024, 0, 1)], true),
    );
    expect(broken({ kind: 'inequality', low: 'day', high: 'later' }, d).count).toBe(1);
  });

  it('fixed combinations: only the listed (or learned) combinations pass', () => {
    const t = table(
      cat('city', ['Paris', 'Berlin', 'Paris']),
      cat('country', ['France', 'Germany', 'Germany']),
    );
    const listed: Constraint = {
      kind: 'fixed-combinations',
      columns: ['city', 'country'],
      combinations: [
        ['Paris', 'France'],
        ['Berlin', 'Germany'],
      ],
    };
    expect(broken(listed, t).rows).toEqual([3]);
    const real = table(cat('city', ['Paris', 'Berlin']), cat('country', ['France', 'Germany']));
    const bound = bindConstraints(
      [{ kind: 'fixed-combinations', columns: ['city', 'country'] }],
      COLUMNS,
    );
    const learned = new Map([[0, new Set(['["Paris","France"]', '["Berlin","Germany"]'])]]);
    expect(checkConstraints(viewOfModelTable(real), bound)[0]?.violations).toBe(0);
    expect(checkConstraints(viewOfModelTable(t), bound, learned)[0]?.violations).toBe(1);
  });

  it('exact sum a + b = c, to the last decimal', () => {
    const t = table(num('a', [0.1, 1, 2]), num('b', [0.2, 1, 2]), num('c', [0.3, 2, 4.01]));
    expect(broken({ kind: 'sum', columns: ['a', 'b'], total: 'c' }, t).rows).toEqual([3]);
  });

  it('uniqueness: the second and later copies break it', () => {
    const t = table(num('n', [1, 2, 1, 1, NaN, NaN], true));
    expect(broken({ kind: 'unique', columns: ['n'] }, t).rows).toEqual([3, 4]);
  });

  it('allowed values, as numbers on number and date columns', () => {
    const n = table(num('n', [1, 2, 3, NaN], true));
    expect(broken({ kind: 'allowed-values', column: 'n', values: ['1', '3.0'] }, n).rows).toEqual([
      2,
    ]);
    const t = table(cat('city', ['Paris', 'Rome', null]));
    expect(
      broken({ kind: 'allowed-values', column: 'city', values: ['Paris', 'Berlin'] }, t).rows,
    ).toEqual([2]);
  });

  it('format pattern for string identifiers', () => {
    const t = table(cat('id', ['ID-00012', 'ID-1234', 'id-00013', 'ID-0001A']));
    expect(broken({ kind: 'format', column: 'id', template: 'ID-#####' }, t).rows).toEqual([
      2, 3, 4,
    ]);
    expect(broken({ kind: 'format', column: 'id', template: 'ID-####*' }, t).rows).toEqual([2, 3]);
  });
});

describe('constraints are checked against the schema with clear messages', () => {
  const bind = (c: unknown) => () => bindConstraints([c as Constraint], COLUMNS);
  it('names an unknown column', () => {
    expect(bind({ kind: 'positive', column: 'price' })).toThrow(
      /column "price" the table does not have/,
    );
  });
  it('refuses the wrong kind of column', () => {
    expect(bind({ kind: 'positive', column: 'city' })).toThrow(
      /needs a number column, but city is categorical/,
    );
    expect(bind({ kind: 'fixed-combinations', columns: ['city', 'a'] })).toThrow(
      /categorical columns, but a is continuous/,
    );
    expect(bind({ kind: 'inequality', low: 'a', high: 'day' })).toThrow(
      /compares a date with a number/,
    );
  });
  it('refuses an impossible range and a bound that is not a date', () => {
    expect(bind({ kind: 'range', column: 'a', min: 5, max: 1 })).toThrow(/impossible/);
    expect(bind({ kind: 'range', column: 'day', min: 'soon' })).toThrow(/not a date/);
  });
  it('refuses an unknown kind and lists every mistake at once', () => {
    expect(bind({ kind: 'between' })).toThrow(/Unknown constraint kind "between"/);
    expect(() =>
      bindConstraints(
        [
          { kind: 'positive', column: 'x' },
          { kind: 'sum', columns: ['a', 'b'], total: 'a' },
        ],
        COLUMNS,
      ),
    ).toThrow(/"x"[\s\S]*\n[\s\S]*both sides/);
  });
});

describe('reversible transforms keep constraints by construction', () => {
  const rng = new Rng(3);
  const noise = (n: number, scale: number) => Array.from({ length: n }, () => scale * rng.normal());

  it('give the training rows back unchanged', () => {
    const t = table(
      num('a', [1, 2.5, 10, 0.25]),
      num('b', [1, 4, 12.5, 3]),
      num('c', [3, 7, 9, 0.5]),
      cat('city', ['Paris', 'Berlin', 'Paris', 'Lyon']),
      cat('country', ['France', 'Germany', 'France', 'France']),
    );
    const bound = bindConstraints(
      [
        { kind: 'inequality', low: 'a', high: 'b' },
        { kind: 'range', column: 'c', min: 0, max: 10 },
        { kind: 'fixed-combinations', columns: ['city', 'country'] },
      ],
      COLUMNS,
    );
    const { state, rejectOnly } = fitConstraintTransforms(t, bound);
    expect(rejectOnly).toEqual([]);
    const forward = applyConstraintTransforms(state, t);
    expect(forward.columns.map((c) => c.name)).toEqual(['a', 'b', 'c', 'city + country']);
    const back = invertConstraintTransforms(state, forward);
    for (const name of ['a', 'b', 'c'])
      Array.from(numeric(back, name)).forEach((x, i) =>
        expect(x).toBeCloseTo(numeric(t, name)[i] as number, 9),
      );
    expect(texts(back, 'city')).toEqual(texts(t, 'city'));
    expect(texts(back, 'country')).toEqual(texts(t, 'country'));
  });

  it('turn any sample in the rewritten space into rows that keep every constraint', () => {
    const n = 500;
    const t = table(
      num('a', noise(n, 5)),
      num('b', noise(n, 5)),
      num('c', noise(n, 5)),
      num('n', noise(n, 5)),
    );
    const constraints: Constraint[] = [
      { kind: 'inequality', low: 'a', high: 'b', strict: true },
      { kind: 'range', column: 'c', min: -1, max: 1 },
      { kind: 'positive', column: 'n', strict: true },
    ];
    const bound = bindConstraints(constraints, COLUMNS);
    const { state } = fitConstraintTransforms(
      table(num('a', [0]), num('b', [1]), num('c', [0]), num('n', [1])),
      bound,
    );
    // A model's output in the rewritten space is arbitrary: feed it pure noise.
    const back = invertConstraintTransforms(state, t);
    const checks = checkConstraints(viewOfModelTable(back), bound);
    expect(checks.map((c) => c.violations)).toEqual([0, 0, 0]);
    expect(checkConstraints(viewOfModelTable(t), bound).every((c) => c.violations > 0)).toBe(true);
  });

  it('compute a sum back from its parts', () => {
    const t = table(num('a', [1.25, 2]), num('b', [0.5, 3]), num('c', [1.75, 5]));
    const bound = bindConstraints([{ kind: 'sum', columns: ['a', 'b'], total: 'c' }], COLUMNS);
    const { state } = fitConstraintTransforms(t, bound);
    const forward = applyConstraintTransforms(state, t);
    expect(forward.columns.map((c) => c.name)).toEqual(['a', 'b']);
    const sampled = table(num('a', [0.1, 7]), num('b', [0.2, -3]));
    expect(Array.from(numeric(invertConstraintTransforms(state, sampled), 'c'))).toEqual([
      0.1 + 0.2,
      4,
    ]);
  });

  it('leave a constraint on a rewritten column to reject sampling', () => {
    const t = table(num('a', [1]), num('b', [2]), num('c', [3]));
    const bound = bindConstraints(
      [
        { kind: 'inequality', low: 'a', high: 'b' },
        { kind: 'inequality', low: 'b', high: 'c' },
      ],
      COLUMNS,
    );
    const { state, rejectOnly } = fitConstraintTransforms(t, bound);
    expect(state.steps).toHaveLength(1);
    expect(rejectOnly.map((c) => c.kind)).toEqual(['inequality']);
  });
});

describe('reject sampling', () => {
  /** A "model" that draws a category with fixed shares: rare is 1 in 200. */
  const drawer = (seed: number) => {
    const rng = new Rng(seed);
    return (n: number) => {
      const codes = new Int32Array(n);
      for (let i = 0; i < n; i += 1) codes[i] = rng.uniform() < 0.005 ? 2 : rng.int(2);
      const values = Float64Array.from({ length: n }, () => rng.normal());
      return Promise.resolve<ModelTable>({
        rows: n,
        columns: [
          { type: 'discrete', name: 'city', codes, levels: ['Paris', 'Berlin', 'Reykjavik'] },
          { type: 'numeric', name: 'a', values, integer: false },
        ],
      });
    };
  };

  it('returns only the rare category, in the requested count', async () => {
    const bound = bindConditions([parseCondition('city=Reykjavik')], COLUMNS);
    const validate = makeRowValidator(bound);
    const r = await sampleWithRejection(drawer(1), (t) => validate(viewOfModelTable(t)), 40);
    expect(r.partial).toBe(false);
    expect(r.table.rows).toBe(40);
    expect(new Set(texts(r.table, 'city'))).toEqual(new Set(['Reykjavik']));
    expect(r.drawn).toBeGreaterThan(40 * 50);
  });

  it('gives a partial result and says so when a condition is too rare', async () => {
    const bound = bindConditions([{ column: 'city', value: 'Reykjavik' }], COLUMNS);
    const validate = makeRowValidator(bound);
    const r = await sampleWithRejection(drawer(2), (t) => validate(viewOfModelTable(t)), 100, {
      maxDrawn: 2000,
    });
    expect(r.partial).toBe(true);
    expect(r.table.rows).toBeLessThan(100);
    expect(r.drawn).toBe(2000);
    expect(new Set(texts(r.table, 'city')).size).toBeLessThanOrEqual(1);
    expect(r.message).toMatch(/Only \d+ of the 100 rows/);
  });

  it('keeps uniqueness across batches', async () => {
    const rng = new Rng(5);
    const draw = (n: number) =>
      Promise.resolve(
        table(
          num(
            'n',
            Array.from({ length: n }, () => rng.int(300)),
            true,
          ),
        ),
      );
    const validate = makeRowValidator(
      bindConstraints([{ kind: 'unique', columns: ['n'] }], COLUMNS),
    );
    const r = await sampleWithRejection(draw, (t) => validate(viewOfModelTable(t)), 250, {
      firstBatch: 50,
    });
    expect(new Set(numeric(r.table, 'n')).size).toBe(250);
  });

  it('checks conditions against the schema', () => {
    expect(() => bindConditions([{ column: 'town', value: 'x' }], COLUMNS)).toThrow(
      /town=x names a column/,
    );
    expect(() => bindConditions([{ column: 'a', value: 'lots' }], COLUMNS)).toThrow(/not a number/);
    expect(() => parseCondition('Paris')).toThrow(/column=value/);
  });

  it('hands a cell-fixing model the conditions on columns no rewrite touches', () => {
    const conditions = [
      parseCondition('city=Paris'),
      parseCondition('day=2024-01-02'),
      parseCondition('b=3'),
    ];
    const transforms = {
      version: 1 as const,
      grids: {},
      integers: [],
      steps: [{ kind: 'gap' as const, low: 'a', high: 'b', offset: 0 }],
    };
    expect(fixedCells(conditions, COLUMNS, transforms)).toEqual({
      city: 'Paris',
      day: Date.UTC(2024, 0, 2),
    });
  });

  it('names the native CTGAN condition for one category, through a combined column too', () => {
    const levels = new Map<string, (string | null)[]>([
      ['city', ['Paris', 'Berlin']],
      ['country + x', ['["France","a"]', '["Germany","b"]']],
    ]);
    expect(nativeCondition([{ column: 'city', value: 'Berlin' }], levels)).toEqual({
      column: 'city',
      level: 1,
    });
    expect(nativeCondition([{ column: 'city', value: 'Oslo' }], levels)).toBeNull();
    expect(
      nativeCondition([{ column: 'country', value: 'Germany' }], levels, {
        version: 1,
        grids: {},
        integers: [],
        steps: [
          {
            kind: 'combine',
            columns: ['country', 'x'],
            name: 'country + x',
            position: 0,
            levels: [],
            combos: [
              ['France', 'a'],
              ['Germany', 'b'],
            ],
          },
        ],
      }),
    ).toEqual({ column: 'country + x', level: 1 });
  });

  it('names every combination that holds a value, and the rarest of several conditions', () => {
    const transforms = {
      version: 1 as const,
      grids: {},
      integers: [],
      steps: [
        {
          kind: 'combine' as const,
          columns: ['city', 'country'],
          name: 'city + country',
          position: 0,
          levels: [],
          combos: [
            ['Paris', 'France'],
            ['Berlin', 'Germany'],
            ['Lyon', 'France'],
          ],
        },
      ],
    };
    const levels = new Map<string, (string | null)[]>([
      ['city + country', ['["Paris","France"]', '["Berlin","Germany"]', '["Lyon","France"]']],
      ['member', ['yes', 'no']],
    ]);
    const france = { column: 'country', value: 'France' };
    expect(nativeLevels(france, levels, transforms)).toEqual({
      column: 'city + country',
      levels: [0, 2],
    });
    // One level is needed for nativeCondition; a value in two combinations has two.
    expect(nativeCondition([france], levels, transforms)).toBeNull();
    const shares: Record<string, number[]> = {
      'city + country': [0.5, 0.3, 0.2],
      member: [0.6, 0.4],
    };
    const share = (column: string, level: number) => shares[column]?.[level] ?? 0;
    const member = { column: 'member', value: 'no' };
    // France holds 0.7 of the rows, member=no 0.4: the rarer is fixed.
    expect(rarestNativeCondition([france, member], levels, share, transforms)).toEqual({
      column: 'member',
      levels: [1],
    });
    const berlin = { column: 'city', value: 'Berlin' };
    expect(rarestNativeCondition([member, berlin], levels, share, transforms)).toEqual({
      column: 'city + country',
      levels: [1],
    });
    expect(rarestNativeCondition([{ column: 'amount', value: '3' }], levels, share)).toBeNull();
  });
});

describe('constraints around a real model (Gaussian copula on orders.csv)', () => {
  const text = readFileSync(new URL('../fixtures/rules/orders.csv', import.meta.url), 'utf8');
  const { table: raw } = readCsvText(text);
  const schema = applyOverrides(inferSchema(raw), { order_id: { kind: 'identifier' } });
  const constraints: Constraint[] = [
    { kind: 'inequality', low: 'order_date', high: 'ship_date' },
    { kind: 'fixed-combinations', columns: ['city', 'country'] },
    { kind: 'sum', columns: ['subtotal', 'tax'], total: 'total' },
    { kind: 'range', column: 'quantity', min: 1, max: 12 },
    { kind: 'format', column: 'order_id', template: 'ORD-####' },
    { kind: 'unique', columns: ['order_id'] },
  ];

  it('finds the real rows keep every constraint, and flags one that does not', () => {
    const bound = bindConstraints(constraints, columnsOfSchema(schema));
    const checks = checkConstraints(viewOfRaw(raw, schema), bound);
    expect(checks.map((c) => [c.checked, c.violations])).toEqual(constraints.map(() => [true, 0]));
    const strict = bindConstraints(
      [{ kind: 'range', column: 'quantity', min: 1, max: 10 }],
      columnsOfSchema(schema),
    );
    const [check] = checkConstraints(viewOfRaw(raw, schema), strict);
    expect(check?.violations).toBeGreaterThan(0);
    expect(check?.examples[0]?.values.quantity).toMatch(/^1[12]$/);
    expect(violationMessages(checkConstraints(viewOfRaw(raw, schema), strict))[0]).toMatch(
      /rows? break "1 <= quantity <= 10", e\.g\. row \d+ \(quantity=1[12]\)/,
    );
  });

  it('every exported row satisfies every constraint, and a condition is met exactly', async () => {
    const codec = fitCodec(raw, schema);
    const training = toModelTable(codec, raw);
    const { plan, checks } = fitConstraintPlan(constraints, raw, schema, codec, training);
    expect(checks.every((c) => c.violations === 0)).toBe(true);
    expect(plan.transforms.steps.map((s) => s.kind)).toEqual(['gap', 'combine', 'sum', 'logit']);
    // The plan is saved in the model file: it must survive JSON exactly.
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
    const open = fitConstraintPlan(constraints, raw, schema, codec, training, {
      allowOutOfRange: true,
    }).plan;
    expect(JSON.parse(JSON.stringify(open))).toEqual(open);
    const copula = fitCopula(transformForTraining(plan, training), new Rng(1));
    const rng = new Rng(2);
    const draw = (n: number) => Promise.resolve(sampleCopula(copula, n, rng.fork()));
    const plain = await sampleConstrained(plan, draw, 300);
    // The rewrites keep most constraints by construction: few rows need drawing again.
    expect(plain.drawn).toBeLessThan(2 * 300);
    const conditioned = await sampleConstrained(plan, draw, 30, [
      { column: 'city', value: 'Oslo' },
    ]);
    for (const [result, rows] of [
      [plain, 300],
      [conditioned, 30],
    ] as const) {
      expect(result.partial).toBe(false);
      const out = fromModelTable(codec, result.table, new Rng(3), {
        textMode: 'empty',
        allowOutOfRange: false,
      });
      expect(out.rows).toHaveLength(rows);
      const written = checkWrittenRows(plan, codec, out.names, out.rows);
      expect(written.map((c) => [c.description, c.checked, c.violations])).toEqual(
        written.map((c) => [c.description, true, 0]),
      );
    }
    const cities = texts(conditioned.table, 'city');
    expect(new Set(cities)).toEqual(new Set(['Oslo']));
    expect(new Set(texts(conditioned.table, 'country'))).toEqual(new Set(['Norway']));
  });

  it('keeps fixed combinations when rare levels are folded into (other)', async () => {
    const folded = applyOverrides(inferSchema(raw), { city: { topK: 3 } });
    const codec = fitCodec(raw, folded);
    const training = toModelTable(codec, raw);
    const { plan } = fitConstraintPlan(
      [{ kind: 'fixed-combinations', columns: ['city', 'country'] }],
      raw,
      folded,
      codec,
      training,
    );
    const copula = fitCopula(transformForTraining(plan, training), new Rng(1));
    const rng = new Rng(9);
    const r = await sampleConstrained(
      plan,
      (n) => Promise.resolve(sampleCopula(copula, n, rng.fork())),
      200,
    );
    const out = fromModelTable(codec, r.table, new Rng(3), {
      textMode: 'empty',
      allowOutOfRange: false,
    });
    expect(out.rows.some((row) => row[out.names.indexOf('city')] === '(other)')).toBe(true);
    expect(checkWrittenRows(plan, codec, out.names, out.rows)[0]?.violations).toBe(0);
  });

  it('the same sample without the rewrites would break the inequality and the combinations', () => {
    const codec = fitCodec(raw, schema);
    const training = toModelTable(codec, raw);
    const copula = fitCopula(training, new Rng(1));
    const sample = sampleCopula(copula, 300, new Rng(2));
    const bound = bindConstraints(constraints.slice(0, 2), columnsOfSchema(schema));
    const learned = new Map([[1, learnCombinations(viewOfRaw(raw, schema), ['city', 'country'])]]);
    const checks = checkConstraints(
      viewOfModelTable(sample, new Set(['order_date', 'ship_date'])),
      bound,
      learned,
    );
    expect(checks[1]?.violations).toBeGreaterThan(0);
    expect(checks[0]?.violations).toBeGreaterThan(0);
  });
});

describe('rows written under constraints and conditions around a trained model', () => {
  const text = readFileSync(new URL('../fixtures/rules/orders.csv', import.meta.url), 'utf8');
  const { table: raw } = readCsvText(text);
  const schema = applyOverrides(inferSchema(raw), { order_id: { kind: 'identifier' } });
  const codec = fitCodec(raw, schema);
  const training = toModelTable(codec, raw);
  const { plan, checks } = fitConstraintPlan(
    [
      { kind: 'inequality', low: 'order_date', high: 'ship_date' },
      { kind: 'range', column: 'quantity', min: 1, max: 10 },
      { kind: 'format', column: 'order_id', template: 'X-#####' },
      { kind: 'unique', columns: ['order_id'] },
    ],
    raw,
    schema,
    codec,
    training,
  );
  const lines = constraintLines(plan, checks);
  const copula = fitCopula(transformForTraining(plan, training), new Rng(1));
  const draw = (n: number, seed: number) => Promise.resolve(sampleCopula(copula, n, new Rng(seed)));
  const written = (s: Omit<ConstrainedSampling, 'codec' | 'codecOptions'>) =>
    sampleRowsUnderRules({
      ...s,
      codec,
      codecOptions: { textMode: 'placeholder', allowOutOfRange: false },
    });

  it('meet constraints by reject sampling alone for a model trained on the plain table', async () => {
    const { plan: plain } = fitConstraintPlan(
      [
        { kind: 'inequality', low: 'order_date', high: 'ship_date', strict: true },
        { kind: 'fixed-combinations', columns: ['city', 'country'] },
      ],
      raw,
      schema,
      codec,
      training,
      { rewrite: false },
    );
    expect(plain.transforms.steps).toEqual([]);
    const model = fitCopula(training, new Rng(1));
    const out = await written({
      plan: plain,
      conditions: [],
      draw: (n, seed) => Promise.resolve(sampleCopula(model, n, new Rng(seed))),
      rows: 100,
      seed: 3,
    });
    expect(out.rows).toHaveLength(100);
    const combos = new Set(tableRows(raw).map((r) => `${r[1]}/${r[2]}`));
    for (const r of out.rows) {
      expect((r[3] as string) < (r[4] as string)).toBe(true);
      expect(combos.has(`${r[1]}/${r[2]}`)).toBe(true);
    }
  });

  it('sample a saved model under constraints without its data', async () => {
    expect(() =>
      planWithoutData([{ kind: 'fixed-combinations', columns: ['city', 'country'] }], codec),
    ).toThrow(/Without the data there are no combinations of city, country/);
    const saved = planWithoutData([{ kind: 'range', column: 'quantity', min: 3, max: 5 }], codec);
    const model = fitCopula(training, new Rng(1));
    const out = await written({
      plan: saved,
      conditions: [],
      draw: (n, seed) => Promise.resolve(sampleCopula(model, n, new Rng(seed))),
      rows: 50,
      seed: 5,
    });
    expect(out.rows).toHaveLength(50);
    expect(new Set(out.rows.map((r) => r[out.names.indexOf('quantity')]))).toEqual(
      new Set(['3', '4', '5']),
    );
  });

  it('warn about real rows that break a constraint before training', () => {
    expect(lines[0]).toMatch(/^warning: the real data: \d+ rows? break "1 <= quantity <= 10"/);
    expect(lines.at(-1)).toBe(
      'constraints: 4, 2 kept by a reversible rewrite, all checked on every sampled row',
    );
  });

  it('write rows that keep every constraint, identifiers from their template', async () => {
    const out = await written({
      plan,
      conditions: [],
      draw,
      rows: 200,
      seed: 4,
    });
    expect(out.rows).toHaveLength(200);
    expect(out.partial).toBe(false);
    const at = (name: string) => out.names.indexOf(name);
    const ids = out.rows.map((r) => r[at('order_id')] as string);
    expect(ids.every((id) => /^X-\d{5}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(200);
    for (const r of out.rows) {
      expect((r[at('order_date')] as string) <= (r[at('ship_date')] as string)).toBe(true);
      expect(Number(r[at('quantity')])).toBeLessThanOrEqual(10);
    }
  });

  it('refuse a condition on a value the data never holds, and give a partial result for a rare one', async () => {
    await expect(
      written({
        plan,
        conditions: [parseCondition('city=Atlantis')],
        draw,
        rows: 5,
        seed: 1,
      }),
    ).rejects.toThrow(/city is never "Atlantis" in the data \(its values: .*Paris/);
    const out = await written({
      plan,
      conditions: [parseCondition('city=Oslo'), parseCondition('quantity=10')],
      draw,
      rows: 50,
      seed: 2,
      limits: { maxDrawn: 3000 },
    });
    expect(out.partial).toBe(true);
    expect(out.rows.length).toBeLessThan(50);
    expect(out.rows.length).toBeGreaterThan(0);
    expect(
      out.rows.every(
        (r) => r[out.names.indexOf('city')] === 'Oslo' && r[out.names.indexOf('quantity')] === '10',
      ),
    ).toBe(true);
    expect(out.message).toMatch(/^Only \d+ of the 50 rows/);
  });

  it('keeps uniqueness between the chunks of one export', async () => {
    const keep = uniqueAcrossChunks(plan, codec);
    // two chunks that are each unique alone; template X-##### draws keys from 100,000
    const a = await written({ plan, conditions: [], draw, rows: 300, seed: 11 });
    const b = await written({ plan, conditions: [], draw, rows: 300, seed: 11 });
    const at = a.names.indexOf('order_id');
    expect(new Set(a.rows.map((r) => r[at])).size).toBe(300);
    // the same seed writes the same identifiers: every row of the second chunk repeats one
    expect(keep(a.names, a.rows)).toHaveLength(300);
    expect(keep(b.names, b.rows)).toHaveLength(0);
    const c = await written({ plan, conditions: [], draw, rows: 300, seed: 12 });
    const fresh = keep(c.names, c.rows);
    const seen = new Set(a.rows.map((r) => r[at]));
    expect(fresh.every((r) => !seen.has(r[at]))).toBe(true);
    expect(fresh.length).toBe(c.rows.filter((r) => !seen.has(r[at])).length);
  });
});
