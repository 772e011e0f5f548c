import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const kinds = fileURLToPath(new URL('../fixtures/kinds.csv', import.meta.url));

function synth(...args: string[]) {
  const r = spawnSync('npx', ['tsx', 'src/cli/synth.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Each case spawns tsx; on a busy shared CPU one spawn can take over half a minute.
describe('the headless CLI', { timeout: 240_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'facsimile-cli-'));

  it('trains a copula, writes the synthetic CSV and a model, and samples again from the model', () => {
    const out = join(dir, 'out.csv');
    const model = join(dir, 'model.json');
    const r = synth(
      '--data',
      kinds,
      '--model',
      'copula',
      '--rows',
      '25',
      '--seed',
      '1',
      '--out',
      out,
      '--save',
      model,
      '--backend',
      'cpu',
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/wrote 25 rows/);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe(readFileSync(kinds, 'utf8').split('\n')[0]);
    expect(lines).toHaveLength(26);
    const again = join(dir, 'again.csv');
    const r2 = synth(
      '--load',
      model,
      '--rows',
      '25',
      '--seed',
      '1',
      '--out',
      again,
      '--backend',
      'cpu',
    );
    expect(r2.code, r2.stderr).toBe(0);
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(out, 'utf8'));
  });

  it.each([
    [
      ['--model', 'gan', '--data', kinds, '--out', 'x.csv'],
      /--model must be ctgan, tvae, copula, argn, cart or mst/,
    ],
    [['--data', '/nonexistent.csv', '--out', 'x.csv'], /Cannot read \/nonexistent.csv/],
    [['--data', kinds], /Give --out/],
    [['--data', kinds, '--out', 'x.csv', '--epochs', 'many'], /--epochs must be a whole number/],
    [['--bogus', '1'], /Unknown option --bogus/],
    [
      ['--data', kinds, '--model', 'argn', '--out', 'x.csv', '--temperature', '0'],
      /--temperature must be a number above 0/,
    ],
    [
      ['--data', kinds, '--model', 'ctgan', '--out', 'x.csv', '--epsilon', '1'],
      /need a model that trains under differential privacy \(argn, mst\); ctgan gives no formal/,
    ],
    [
      ['--data', kinds, '--model', 'argn', '--out', 'x.csv', '--delta', '1e-6'],
      /--delta and --public-bounds need --epsilon: give it to train argn under differential privacy/,
    ],
    [
      ['--data', kinds, '--model', 'argn', '--out', 'x.csv', '--epsilon', '1', '--target', 'a'],
      /--target is for MST/,
    ],
    [['--data', kinds, '--model', 'mst', '--out', 'x.csv'], /give --epsilon/],
    [
      ['--data', kinds, '--model', 'mst', '--out', 'x.csv', '--epsilon', '0'],
      /Epsilon must be a number above 0/,
    ],
    [
      ['--data', kinds, '--model', 'mst', '--out', 'x.csv', '--epsilon', '1', '--delta', '1'],
      /Delta must be a number between 0 and 1/,
    ],
  ])('exits non-zero with a clear message for %j', (args, message) => {
    const r = synth(...args);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(message);
  });

  it('refuses an MST budget too small for the table and writes nothing', () => {
    const out = join(dir, 'mst-small.csv');
    const model = join(dir, 'mst-small.json');
    const r = synth(
      '--data',
      kinds,
      '--model',
      'mst',
      '--epsilon',
      '0.5',
      '--out',
      out,
      '--save',
      model,
    );
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(
      /Epsilon 0.5 is too small for this table.*would need epsilon of about/s,
    );
    expect(existsSync(out)).toBe(false);
    expect(existsSync(model)).toBe(false);
  });

  it('trains argn, saves it, and the saved model samples the same rows', () => {
    const out = join(dir, 'argn.csv');
    const model = join(dir, 'argn.json');
    const common = ['--rows', '30', '--seed', '2', '--backend', 'cpu'];
    const r = synth(
      '--data',
      kinds,
      '--model',
      'argn',
      '--epochs',
      '2',
      '--batch',
      '16',
      ...common,
      '--out',
      out,
      '--save',
      model,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/validation \d+\.\d+/);
    const again = join(dir, 'argn-again.csv');
    const r2 = synth('--load', model, ...common, '--out', again);
    expect(r2.code, r2.stderr).toBe(0);
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(out, 'utf8'));
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(31);
  });

  it('trains under --constraints, meets --where, and the saved model keeps both', () => {
    const orders = fileURLToPath(new URL('../fixtures/rules/orders.csv', import.meta.url));
    // SDV's own constraint dictionaries; its Inequality is strict unless told otherwise.
    const rules = join(dir, 'orders-constraints.json');
    const sdv = (constraint_class: string, constraint_parameters: object) => ({
      constraint_class,
      constraint_parameters,
    });
    writeFileSync(
      rules,
      JSON.stringify([
        sdv('Inequality', { low_column_name: 'order_date', high_column_name: 'ship_date' }),
        sdv('FixedCombinations', { column_names: ['city', 'country'] }),
        sdv('ScalarRange', { column_name: 'quantity', low_value: 1, high_value: 12 }),
      ]),
    );
    const out = join(dir, 'orders.csv');
    const model = join(dir, 'orders.json');
    const common = ['--backend', 'cpu', '--type', 'order_id=identifier', '--seed', '3'];
    const r = synth(
      '--data',
      orders,
      '--model',
      'copula',
      '--rows',
      '40',
      ...common,
      '--constraints',
      rules,
      '--where',
      'city=Rome',
      '--out',
      out,
      '--save',
      model,
    );
    expect(r.code, r.stderr).toBe(0);
    // The real rows shipped the day they were ordered break the strict inequality: named.
    expect(r.stderr).toMatch(/warning: the real data: \d+ rows? break "order_date < ship_date"/);
    expect(r.stderr).toMatch(/constraints: 3, 3 kept by a reversible rewrite/);
    const check = (file: string, rows: number, city: string | null) => {
      const lines = readFileSync(file, 'utf8').trim().split('\n').slice(1);
      expect(lines).toHaveLength(rows);
      for (const line of lines) {
        const [, c, country, ordered, shipped, quantity] = line.split(',');
        if (city) expect([c, country]).toEqual([city, 'Italy']);
        expect((ordered as string) < (shipped as string)).toBe(true);
        expect(Number(quantity)).toBeGreaterThanOrEqual(1);
        expect(Number(quantity)).toBeLessThanOrEqual(12);
      }
    };
    check(out, 40, 'Rome');
    const again = join(dir, 'orders-again.csv');
    const r2 = synth('--load', model, '--rows', '30', ...common, '--out', again);
    expect(r2.code, r2.stderr).toBe(0);
    expect(r2.stderr).toMatch(/constraints saved with the model: 3/);
    check(again, 30, null);
    const r3 = synth('--load', model, ...common, '--where', 'city=Atlantis', '--out', again);
    expect(r3.code).toBe(2);
    expect(r3.stderr).toMatch(/--where: city is never "Atlantis" in the data/);
  });

  it('refuses to save the tree model, saying why', () => {
    const r = synth(
      '--data',
      kinds,
      '--model',
      'cart',
      '--rows',
      '10',
      '--backend',
      'cpu',
      '--out',
      join(dir, 'cart.csv'),
      '--save',
      join(dir, 'cart.json'),
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/keeps training rows.*cannot be saved/);
  });

  it('says what is wrong with a CSV that cannot be used', () => {
    const empty = join(dir, 'header-only.csv');
    writeFileSync(empty, 'a,b,c\n');
    const r = synth(
      '--data',
      empty,
      '--model',
      'copula',
      '--out',
      join(dir, 'y.csv'),
      '--backend',
      'cpu',
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/header .* but no rows/);
  });
});
