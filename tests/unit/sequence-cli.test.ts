import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeCsv } from '../../src/core/data/csv-writer';
import { cellTableFromCsv } from '../../src/core/sequence/cells-csv';
import { simulateCustomers } from '../bench/sequence-sim';

const tmp = mkdtempSync(join(tmpdir(), 'facsimile-seq-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(script: string, args: string[]) {
  return spawnSync('npx', ['tsx', `src/cli/${script}.ts`, ...args], { encoding: 'utf8' });
}

const sim = simulateCustomers(120, 1);
const subjectsPath = join(tmp, 'subjects.csv');
const eventsPath = join(tmp, 'events.csv');
const seen = new Set<string>();
writeFileSync(
  subjectsPath,
  writeCsv(
    sim.names.slice(0, 3),
    sim.rows
      .filter((r) => !seen.has(r[0] as string) && seen.add(r[0] as string))
      .map((r) => r.slice(0, 3)),
  ),
);
writeFileSync(
  eventsPath,
  writeCsv(
    ['customer', 'day', 'amount', 'channel'],
    sim.rows.map((r) => [r[0] as string, ...r.slice(3)]),
  ),
);

describe('npm run synth / score with --key', () => {
  it('writes a subject table and an event table whose keys link', () => {
    const outEvents = join(tmp, 'out-events.csv');
    const outSubjects = join(tmp, 'out-subjects.csv');
    const r = run('synth', [
      '--data',
      eventsPath,
      '--subjects',
      subjectsPath,
      '--key',
      'customer',
      '--order',
      'day',
      '--model',
      'seq-trees',
      '--entities',
      '50',
      '--seed',
      '3',
      '--out',
      outEvents,
      '--out-subjects',
      outSubjects,
    ]);
    expect(r.status, r.stderr).toBe(0);
    const subjects = cellTableFromCsv(readFileSync(outSubjects, 'utf8'));
    const events = cellTableFromCsv(readFileSync(outEvents, 'utf8'));
    expect(subjects.names).toEqual(['customer', 'segment', 'age']);
    expect(subjects.rows).toBe(50);
    const keys = new Set(subjects.columns[0]);
    expect(events.columns[0]?.every((k) => keys.has(k))).toBe(true);
    const s = run('score', [
      '--key',
      'customer',
      '--order',
      'day',
      '--real',
      eventsPath,
      '--real-subjects',
      subjectsPath,
      '--synth',
      outEvents,
      '--synth-subjects',
      outSubjects,
      '--json',
      '--no-detection',
    ]);
    expect(s.status, s.stderr).toBe(0);
    const report = JSON.parse(s.stdout) as { integrity: number; order_as_written: number };
    expect(report.integrity).toBe(1);
    expect(report.order_as_written).toBe(1);
  });

  it('stops on events whose key has no subject, with the count, unless told to drop them', () => {
    const orphanEvents = join(tmp, 'orphans.csv');
    writeFileSync(
      orphanEvents,
      readFileSync(eventsPath, 'utf8') + 'nobody,1.0,5.00,web\nnobody,2.0,6.00,web\n',
    );
    const args = [
      '--data',
      orphanEvents,
      '--subjects',
      subjectsPath,
      '--key',
      'customer',
      '--order',
      'day',
      '--entities',
      '5',
      '--out',
      join(tmp, 'o.csv'),
      '--out-subjects',
      join(tmp, 'os.csv'),
    ];
    const r = run('synth', args);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('2 events refer to a key with no subject (for example "nobody")');
    expect(run('synth', [...args, '--drop-orphans']).status).toBe(0);
  });
});
