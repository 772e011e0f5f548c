/**
 * Our sequence figures against the independent judge (../shared/judge/score_seq.py) on the same
 * files: ChickWeight split by chick, and simulated customers (a fresh draw, the same events
 * shuffled across customers, and the two-table shape). Sequential quality, coherence and the
 * intertable gap must agree within 0.01 (they agree to rounding).
 *
 * Needs ../shared and /usr/bin/python3 with numpy and pandas: skips with a printed reason when
 * either is missing (../shared exists only in the project's workspace and CI).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { writeCsv } from '../../src/core/data/csv-writer';
import {
  evaluateSequences,
  sequenceReportJson,
} from '../../src/core/eval/sequence/sequence-report';
import { cellTableFromCsv } from '../../src/core/sequence/cells-csv';
import type { EntityTable } from '../../src/core/sequence/entity-table';
import { orderAsWrittenShare, readEntities } from '../../src/core/sequence/read-entities';
import { simulateCustomers, type SimulatedRows } from '../bench/sequence-sim';

const TOLERANCE = 0.01;
const SHARED = fileURLToPath(new URL('../../../shared', import.meta.url));
const JUDGE = join(SHARED, 'judge', 'score_seq.py');
const CHICKS = join(SHARED, 'data', 'chickweight.csv');
const PYTHON = '/usr/bin/python3';

const skipReason = !existsSync(JUDGE)
  ? `${JUDGE} is absent (../shared exists only in the project's workspace and CI)`
  : spawnSync(PYTHON, ['-c', 'import numpy, pandas, sklearn']).status !== 0
    ? `${PYTHON} cannot import numpy, pandas and scikit-learn`
    : null;
if (skipReason) console.warn(`sequence judge agreement skipped: ${skipReason}`);

const tmp = mkdtempSync(join(tmpdir(), 'facsimile-seq-judge-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Files {
  real: string;
  synth: string;
  realSubjects?: string;
  synthSubjects?: string;
}

function save(name: string, t: SimulatedRows): string {
  const path = join(tmp, name);
  writeFileSync(path, writeCsv(t.names, t.rows));
  return path;
}

function judge(files: Files, key: string, order: string): Record<string, unknown> {
  const args = [
    JUDGE,
    '--key',
    key,
    '--order',
    order,
    '--real-events',
    files.real,
    '--synth-events',
    files.synth,
    '--json',
    '--no-detection',
  ];
  if (files.realSubjects && files.synthSubjects)
    args.push('--real-subjects', files.realSubjects, '--synth-subjects', files.synthSubjects);
  const r = spawnSync(PYTHON, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`judge failed: ${r.stderr}`);
  return JSON.parse(r.stdout.replace(/\bNaN\b/g, 'null')) as Record<string, unknown>;
}

function ours(files: Files, key: string, order: string): Record<string, unknown> {
  const load = (p: string) => cellTableFromCsv(readFileSync(p, 'utf8'));
  const cells = (p: string | undefined) => (p ? load(p) : null);
  const table = (read: ReturnType<typeof readEntities>): EntityTable => {
    if (!read.table) throw new Error(read.problems.map((p) => p.message).join('\n'));
    return read.table;
  };
  const real = table(readEntities(load(files.real), cells(files.realSubjects), { key, order }));
  const synthEvents = load(files.synth);
  const synth = table(
    readEntities(synthEvents, cells(files.synthSubjects), {
      key,
      order,
      subjectColumns: files.realSubjects ? undefined : real.subjectColumns,
    }),
  );
  const report = evaluateSequences({
    real,
    synth,
    skipEntityLevel: true,
    writtenOrder: orderAsWrittenShare(synthEvents, key, order),
  });
  return sequenceReportJson(report);
}

function agree(files: Files, key: string, order: string) {
  const j = judge(files, key, order);
  const o = ours(files, key, order);
  for (const name of [
    'sequential_quality',
    'coherence',
    'intertable_association_gap',
    'subject_quality',
    'event_shapes',
    'intertable_trends',
    'order_as_written',
  ]) {
    const a = o[name] as number | null;
    const b = j[name] as number | null;
    if (b === null || a === null || Number.isNaN(a))
      expect([name, a === null || Number.isNaN(a)]).toEqual([name, b === null]);
    else expect([name, Math.abs(a - b) <= TOLERANCE]).toEqual([name, true]);
  }
  const lj = (j.sequence_length as { score: number }).score;
  expect(Math.abs((o.sequence_length as { score: number }).score - lj)).toBeLessThanOrEqual(
    TOLERANCE,
  );
  return { ours: o, judge: j };
}

/** Splits a long simulated table into a subject table and an event table. */
function linked(t: SimulatedRows): { subjects: SimulatedRows; events: SimulatedRows } {
  const seen = new Set<string>();
  const subjects: string[][] = [];
  for (const r of t.rows) {
    if (seen.has(r[0] as string)) continue;
    seen.add(r[0] as string);
    subjects.push(r.slice(0, 3));
  }
  return {
    subjects: { names: t.names.slice(0, 3), rows: subjects },
    events: {
      names: [t.names[0] as string, ...t.names.slice(3)],
      rows: t.rows.map((r) => [r[0] as string, ...r.slice(3)]),
    },
  };
}

describe.skipIf(skipReason !== null)('sequence figures agree with score_seq.py', () => {
  it('on ChickWeight, training chicks against the held-out ones', () => {
    const text = readFileSync(CHICKS, 'utf8').trim().split('\n');
    const header = text[0] as string;
    const rows = text.slice(1);
    const chick = (line: string) => Number(line.split(',')[2]?.replace(/"/g, ''));
    const real = join(tmp, 'cw-real.csv');
    const synth = join(tmp, 'cw-synth.csv');
    writeFileSync(real, [header, ...rows.filter((l) => chick(l) % 3 !== 0)].join('\n'));
    writeFileSync(synth, [header, ...rows.filter((l) => chick(l) % 3 === 0)].join('\n'));
    agree({ real, synth }, 'Chick', 'Time');
  });

  it('on simulated customers against a fresh draw, with clear intertable associations', () => {
    const r = agree(
      {
        real: save('sim-real.csv', simulateCustomers(300, 1)),
        synth: save('sim-fresh.csv', simulateCustomers(300, 2)),
      },
      'customer',
      'day',
    );
    expect((r.judge.intertable_strong_pairs as unknown[]).length).toBeGreaterThan(0);
  });

  it('on simulated customers whose events were shuffled across customers', () => {
    const real = simulateCustomers(300, 1);
    const order = new Int32Array(real.rows.length).map((_, i) => (i * 7919) % real.rows.length);
    const shuffled = {
      names: real.names,
      rows: real.rows.map((row, i) => [
        ...row.slice(0, 3),
        ...(real.rows[order[i] as number] as string[]).slice(3),
      ]),
    };
    const r = agree(
      { real: save('sim-real.csv', real), synth: save('sim-shuffled.csv', shuffled) },
      'customer',
      'day',
    );
    expect(r.judge.intertable_association_gap as number).toBeGreaterThan(0.2);
  });

  it('on two linked tables', () => {
    const real = linked(simulateCustomers(300, 1));
    const synth = linked(simulateCustomers(300, 2));
    agree(
      {
        real: save('real-events.csv', real.events),
        realSubjects: save('real-subjects.csv', real.subjects),
        synth: save('synth-events.csv', synth.events),
        synthSubjects: save('synth-subjects.csv', synth.subjects),
      },
      'customer',
      'day',
    );
  });
});
