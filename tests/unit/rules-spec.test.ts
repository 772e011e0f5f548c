import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runRulesOnly } from '../../src/cli/rules';
import { UsageError } from '../../src/cli/args';
import { readCsvText } from '../../src/core/data/csv-reader';
import { tableRows } from '../../src/core/data/csv-writer';
import { Rng } from '../../src/core/rng';
import { evaluate, formulaColumns, parseFormula } from '../../src/core/rules/expression';
import { compileRules, generateFromRules, type RulesSpec } from '../../src/core/rules/rules-spec';
import { fillTemplateMany, matchesTemplate, parseTemplate } from '../../src/core/rules/template';

const rulesFixture = fileURLToPath(new URL('../fixtures/rules/rules.json', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'facsimile-rules-'));

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}
function sd(xs: number[]): number {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
}

describe('a rules-only table from the CLI matches its specification', () => {
  const n = 4000;
  const out = join(dir, 'rules.csv');
  const lines: string[] = [];
  const run = runRulesOnly(
    ['--rules', rulesFixture, '--rows', String(n), '--seed', '11', '--out', out],
    (l) => lines.push(l),
  );

  it('writes the rows asked for, in the spec column order', async () => {
    const r = await run;
    expect(r.rows).toBe(n);
    expect(r.partial).toBe(false);
    expect(lines.at(-1)).toMatch(new RegExp(`wrote ${n} rows`));
    const { table } = readCsvText(readFileSync(out, 'utf8'));
    expect(table.names).toEqual([
      'customer_id',
      'height',
      'income',
      'segment',
      'signup',
      'monthly_spend',
      'min_score',
      'max_score',
    ]);
    expect(table.rowCount).toBe(n);
  });

  it('draws means and sds within sampling error, and categories with their weights', async () => {
    await run;
    const { table } = readCsvText(readFileSync(out, 'utf8'));
    const rows = tableRows(table);
    const col = (name: string) => rows.map((r) => r[table.names.indexOf(name)] as string);
    const height = col('height').map(Number);
    // Four standard errors: a correct generator fails this about once in 16,000 runs.
    expect(Math.abs(mean(height) - 170)).toBeLessThan((4 * 10) / Math.sqrt(n));
    expect(Math.abs(sd(height) - 10)).toBeLessThan((4 * 10) / Math.sqrt(2 * n));
    expect(col('height').every((x) => /^\d+\.\d$/.test(x))).toBe(true);
    const income = col('income').map(Number);
    const uniformSd = 60000 / Math.sqrt(12);
    expect(Math.abs(mean(income) - 50000)).toBeLessThan((4 * uniformSd) / Math.sqrt(n));
    expect(Math.abs(sd(income) - uniformSd)).toBeLessThan(0.05 * uniformSd);
    expect(Math.min(...income)).toBeGreaterThanOrEqual(20000);
    expect(Math.max(...income)).toBeLessThanOrEqual(80000);
    const segment = col('segment');
    for (const [value, p] of [
      ['basic', 0.6],
      ['plus', 0.3],
      ['premium', 0.1],
    ] as const) {
      const share = segment.filter((s) => s === value).length / n;
      expect(Math.abs(share - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
    }
  });

  it('computes formulas per row, keeps date ranges and meets every constraint', async () => {
    await run;
    const { table } = readCsvText(readFileSync(out, 'utf8'));
    const rows = tableRows(table);
    const at = (r: string[], name: string) => r[table.names.indexOf(name)] as string;
    const wrong = (test: (r: string[]) => boolean) => rows.filter((r) => !test(r)).slice(0, 3);
    const spend = (r: string[]) => Math.round((Number(at(r, 'income')) / 12) * 0.05 * 100) / 100;
    expect(wrong((r) => Math.abs(Number(at(r, 'monthly_spend')) - spend(r)) < 1e-9)).toEqual([]);
    expect(wrong((r) => /^\d{4}-\d\d-\d\d$/.test(at(r, 'signup')))).toEqual([]);
    expect(
      wrong((r) => at(r, 'signup') >= '2020-01-01' && at(r, 'signup') <= '2024-12-31'),
    ).toEqual([]);
    const ordered = (r: string[]) =>
      at(r, 'max_score') === '' || Number(at(r, 'min_score')) <= Number(at(r, 'max_score'));
    expect(wrong(ordered)).toEqual([]);
    expect(wrong((r) => /^CUST-\d{5}$/.test(at(r, 'customer_id')))).toEqual([]);
    const ids = new Set(rows.map((r) => at(r, 'customer_id')));
    expect(ids.size).toBe(n);
    const missing = rows.filter((r) => at(r, 'max_score') === '').length / n;
    expect(missing).toBeGreaterThan(0.05);
  });

  it('refuses bad options in the user words', async () => {
    await expect(runRulesOnly(['--rules', rulesFixture, '--rows', '10'])).rejects.toThrow(
      /Give --out/,
    );
    await expect(runRulesOnly(['--rules', join(dir, 'nope.json'), '--out', out])).rejects.toThrow(
      UsageError,
    );
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({ columns: [{ name: 'x', type: 'normal', mean: 1, sd: -2 }] }),
    );
    await expect(runRulesOnly(['--rules', bad, '--out', out])).rejects.toThrow(
      /Column x: a normal needs .* sd of 0 or more/,
    );
  });
});

describe('rules are validated before anything is drawn', () => {
  const compile =
    (columns: unknown[], constraints: unknown[] = []) =>
    () =>
      compileRules({ columns, constraints } as RulesSpec);

  it('lists every column mistake at once', () => {
    expect(
      compile([
        { name: 'a', type: 'gaussian' },
        { name: 'b', type: 'categorical', values: ['x', 'y'], weights: [1] },
        { name: 'b', type: 'uniform', min: 3, max: 1 },
        { name: 'd', type: 'datetime', start: 'yesterday', end: '2024-01-01' },
      ]),
    ).toThrow(
      /type "gaussian"[\s\S]*weights must be 2 numbers[\s\S]*Two columns are named b[\s\S]*"yesterday" is not a date/,
    );
  });

  it('refuses formulas over unknown columns, over categories, and in a circle', () => {
    expect(compile([{ name: 'a', type: 'formula', formula: 'b * 2' }])).toThrow(
      /reads "b", which is not a column/,
    );
    expect(
      compile([
        { name: 'c', type: 'categorical', values: ['x'] },
        { name: 'a', type: 'formula', formula: 'c + 1' },
      ]),
    ).toThrow(/reads c, which is categorical/);
    expect(
      compile([
        { name: 'a', type: 'formula', formula: 'b + 1' },
        { name: 'b', type: 'formula', formula: 'a + 1' },
      ]),
    ).toThrow(/circle: a -> b -> a/);
  });

  it('checks constraints against the rules columns', () => {
    const cols = [
      { name: 'a', type: 'uniform', min: 0, max: 1 },
      { name: 'k', type: 'categorical', values: ['x'] },
      { name: 'j', type: 'categorical', values: ['y'] },
    ];
    expect(compile(cols, [{ kind: 'positive', column: 'k' }])).toThrow(/k is categorical/);
    expect(compile(cols, [{ kind: 'fixed-combinations', columns: ['k', 'j'] }])).toThrow(
      /list the combinations/,
    );
  });

  it('refuses a template that cannot write enough unique values', async () => {
    const spec: RulesSpec = { columns: [{ name: 'id', type: 'template', template: 'A-#' }] };
    await expect(generateFromRules(spec, 11, new Rng(1))).rejects.toThrow(
      /only 10 distinct values/,
    );
    const r = await generateFromRules(spec, 10, new Rng(1));
    expect(new Set(r.rows.map((x) => x[0])).size).toBe(10);
  });

  it('does not use a unique template up on rows it rejects', async () => {
    const spec: RulesSpec = {
      columns: [
        { name: 'id', type: 'template', template: '##' },
        { name: 'x', type: 'uniform', min: 0, max: 1 },
      ],
      constraints: [{ kind: 'range', column: 'x', max: 0.5 }],
    };
    const r = await generateFromRules(spec, 100, new Rng(3));
    expect(r.partial).toBe(false);
    expect(new Set(r.rows.map(([id]) => id)).size).toBe(100);
    expect(r.rows.every(([, x]) => Number(x) <= 0.5)).toBe(true);
  });

  it('meets constraints by drawing again, with listed fixed combinations', async () => {
    const spec: RulesSpec = {
      columns: [
        { name: 'city', type: 'categorical', values: ['Paris', 'Berlin'] },
        { name: 'country', type: 'categorical', values: ['France', 'Germany'] },
        { name: 'low', type: 'normal', mean: 0, sd: 1 },
        { name: 'high', type: 'normal', mean: 0, sd: 1 },
      ],
      constraints: [
        {
          kind: 'fixed-combinations',
          columns: ['city', 'country'],
          combinations: [
            ['Paris', 'France'],
            ['Berlin', 'Germany'],
          ],
        },
        { kind: 'inequality', low: 'low', high: 'high', strict: true },
      ],
    };
    const r = await generateFromRules(spec, 300, new Rng(4));
    expect(r.rows).toHaveLength(300);
    for (const [city, country, low, high] of r.rows) {
      expect(`${city}/${country}`).toMatch(/^(Paris\/France|Berlin\/Germany)$/);
      expect(Number(low)).toBeLessThan(Number(high));
    }
  });

  it('says when constraints leave too few rows, and returns what it found', async () => {
    const spec: RulesSpec = {
      columns: [{ name: 'x', type: 'normal', mean: 0, sd: 1, decimals: 3 }],
      constraints: [{ kind: 'range', column: 'x', min: 4, max: 100 }],
    };
    const r = await generateFromRules(spec, 50, new Rng(2), { maxDrawn: 5000 });
    expect(r.partial).toBe(true);
    expect(r.rows.length).toBeLessThan(50);
    expect(r.rows.every(([x]) => Number(x) >= 4)).toBe(true);
    expect(r.message).toMatch(/Only \d+ of the 50 rows/);
  });
});

describe('the formula language', () => {
  const run = (text: string, values: Record<string, number> = {}) =>
    evaluate(parseFormula(text), (name) => values[name] ?? NaN);

  it('follows the usual precedence and reads bracketed names', () => {
    expect(run('1 + 2 * 3 ^ 2')).toBe(19);
    expect(run('-2 ^ 2')).toBe(-4);
    expect(run('(1 + 2) * [unit price]', { 'unit price': 4 })).toBe(12);
    expect(run('10 % 4 + 7 / 2')).toBe(5.5);
    expect(run('a > b and not (a == 3)', { a: 5, b: 1 })).toBe(1);
    expect(run('if(a <= 2, 100, 200)', { a: 2 })).toBe(100);
    expect(
      run('round(pi_ish, 2) + max(1, 5, 3) + abs(-1) + floor(2.7)', { pi_ish: 3.14159 }),
    ).toBeCloseTo(11.14, 10);
  });

  it('gives a missing result for a missing input or a division by zero', () => {
    expect(run('a + 1')).toBeNaN();
    expect(run('1 / 0')).toBeNaN();
    expect(run('sqrt(-1)')).toBeNaN();
  });

  it('names the columns it reads', () => {
    expect(formulaColumns(parseFormula('a * b + a + [c d]'))).toEqual(['a', 'b', 'c d']);
  });

  it('refuses what it cannot read, saying where', () => {
    expect(() => parseFormula('1 +')).toThrow(/expects a number, a column or \( at 4/);
    expect(() => parseFormula('eval(1)')).toThrow(/calls eval, which is not one of/);
    expect(() => parseFormula('a; b')).toThrow(/unexpected ";" at 2/);
    expect(() => parseFormula('round(1, 2, 3)')).toThrow(/gives round 3 arguments/);
    expect(() => parseFormula('(1 + 2')).toThrow(/missing a \)/);
    expect(() => parseFormula('')).toThrow(/empty/);
  });

  it('treats names like constructor as plain column names, never as code', () => {
    const values = new Map([
      ['constructor', 1],
      ['__proto__', 2],
    ]);
    const formula = parseFormula('constructor + __proto__');
    expect(evaluate(formula, (name) => values.get(name) ?? NaN)).toBe(3);
    expect(run('constructor + __proto__')).toBeNaN();
    expect(formulaColumns(parseFormula('constructor + __proto__'))).toEqual([
      'constructor',
      '__proto__',
    ]);
  });
});

describe('identifier templates', () => {
  it('match only values written like the template', () => {
    const t = parseTemplate('ID-##?\\#');
    expect(matchesTemplate(t, 'ID-12A#')).toBe(true);
    expect(matchesTemplate(t, 'ID-12a#')).toBe(false);
    expect(matchesTemplate(t, 'ID-1AA#')).toBe(false);
    expect(matchesTemplate(t, 'ID-12A5')).toBe(false);
    expect(t.capacity).toBe(2600);
  });

  it('write unique values across calls', () => {
    const t = parseTemplate('##');
    const taken = new Set<string>();
    const a = fillTemplateMany(t, 60, new Rng(1), taken);
    const b = fillTemplateMany(t, 40, new Rng(2), taken);
    expect(new Set([...a, ...b]).size).toBe(100);
    expect(() => fillTemplateMany(t, 1, new Rng(3), taken)).toThrow(/only 100 distinct values/);
  });

  it('refuse a template with nothing to fill in', () => {
    expect(() => parseTemplate('ID-')).toThrow(/has no #/);
  });
});
