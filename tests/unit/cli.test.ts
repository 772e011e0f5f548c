import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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
      /--model must be ctgan, tvae, copula, argn or cart/,
    ],
    [['--data', '/nonexistent.csv', '--out', 'x.csv'], /Cannot read \/nonexistent.csv/],
    [['--data', kinds], /Give --out/],
    [['--data', kinds, '--out', 'x.csv', '--epochs', 'many'], /--epochs must be a whole number/],
    [['--bogus', '1'], /Unknown option --bogus/],
    [
      ['--data', kinds, '--model', 'argn', '--out', 'x.csv', '--temperature', '0'],
      /--temperature must be a number above 0/,
    ],
  ])('exits non-zero with a clear message for %j', (args, message) => {
    const r = synth(...args);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(message);
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
