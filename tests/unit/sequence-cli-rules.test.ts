import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cellTableFromCsv } from '../../src/core/sequence/cells-csv';

const tmp = mkdtempSync(join(tmpdir(), 'facsimile-seq-rules-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const CHICKS = 'tests/fixtures/sequence/chicks-long.csv';

function synth(extra: string[]) {
  const out = join(tmp, 'out.csv');
  const r = spawnSync(
    'npx',
    [
      'tsx',
      'src/cli/synth.ts',
      '--data',
      CHICKS,
      '--key',
      'Chick',
      '--order',
      'Time',
      '--model',
      'seq-trees',
      '--entities',
      '12',
      '--seed',
      '3',
      '--out',
      out,
      ...extra,
    ],
    { encoding: 'utf8' },
  );
  return { ...r, out };
}

describe('npm run synth --key with --where and --constraints', () => {
  it('writes only entities whose subject columns meet the condition and the constraints', () => {
    const spec = join(tmp, 'spec.json');
    writeFileSync(
      spec,
      JSON.stringify({
        constraints: [{ kind: 'allowed-values', column: 'Diet', values: ['2', '4'] }],
      }),
    );
    const r = synth(['--where', 'Diet=4', '--constraints', spec]);
    expect(r.status, r.stderr).toBe(0);
    const t = cellTableFromCsv(readFileSync(r.out, 'utf8'));
    const diet = t.columns[t.names.indexOf('Diet')] ?? [];
    const keys = new Set(t.columns[t.names.indexOf('Chick')]);
    expect(keys.size).toBe(12);
    expect(new Set(diet)).toEqual(new Set(['4']));
  });

  it('refuses a condition on an event column in words', () => {
    const r = synth(['--where', 'weight=40']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--where: The condition weight=40 names weight, an event column');
  });

  it('refuses a constraint that contradicts the subject columns in words', () => {
    const spec = join(tmp, 'bad.json');
    writeFileSync(spec, JSON.stringify({ constraints: [{ kind: 'positive', column: 'Time' }] }));
    const r = synth(['--constraints', spec]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--constraints: The constraint');
    expect(r.stderr).toContain('Time, an event column');
  });
});
