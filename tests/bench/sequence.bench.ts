/**
 * Sequence models against the acceptance thresholds, scored by the independent judge:
 *   npm run bench:sequence [-- --models seq-trees,seq-argn --customers 1000 --seed 1 --data chickweight]
 * ChickWeight (../shared/data) and simulated customers (tests/bench/sequence-sim.ts), each split
 * 70/30 by entity; each model trains on the 70 %, writes as many entities as it trained on, and
 * ../shared/judge/score_seq.py scores them with the 30 % as holdout. The simulator is run in
 * both input shapes (one long table; a subject table and an event table).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCsv } from '../../src/core/data/csv-writer';
import { Rng } from '../../src/core/rng';
import { cellTableFromCsv } from '../../src/core/sequence/cells-csv';
import type { EntityTable } from '../../src/core/sequence/entity-table';
import { readEntities } from '../../src/core/sequence/read-entities';
import { toEventRows, toLongRows, toSubjectRows } from '../../src/core/sequence/write-entities';
import { parseArgs } from '../../src/cli/args';
import { startNodeBackend } from '../../src/cli/node-backend';
import { SEQUENCE_MODELS } from '../../src/cli/sequence-models';
import { simulateCustomers } from './sequence-sim';

const SHARED = fileURLToPath(new URL('../../../shared', import.meta.url));
const JUDGE = join(SHARED, 'judge', 'score_seq.py');

interface Dataset {
  name: string;
  csv: string;
  key: string;
  order: string;
  linked: boolean;
}

/** Rows of a long CSV split 70/30 by entity with a seeded shuffle of the keys. */
function splitByEntity(csv: string, key: string, seed: number): { train: string; holdout: string } {
  const t = cellTableFromCsv(csv);
  const k = t.names.indexOf(key);
  const keys = [...new Set(t.columns[k])];
  const order = new Rng(seed).permutation(keys.length);
  const train = new Set(
    Array.from(order.subarray(0, Math.round(0.7 * keys.length)), (i) => keys[i]),
  );
  const rows = (inTrain: boolean) =>
    Array.from({ length: t.rows }, (_, r) => r)
      .filter((r) => train.has(t.columns[k]?.[r] ?? null) === inTrain)
      .map((r) => t.columns.map((c) => c[r] ?? ''));
  return { train: writeCsv(t.names, rows(true)), holdout: writeCsv(t.names, rows(false)) };
}

function readTable(csv: string, d: Dataset): EntityTable {
  const read = readEntities(cellTableFromCsv(csv), null, { key: d.key, order: d.order });
  if (!read.table) throw new Error(read.problems.map((p) => p.message).join('\n'));
  return read.table;
}

function write(dir: string, name: string, rows: { names: string[]; rows: string[][] }): string {
  const path = join(dir, name);
  writeFileSync(path, writeCsv(rows.names, rows.rows));
  return path;
}

function judge(args: string[]): Record<string, unknown> {
  const r = spawnSync('/usr/bin/python3', [JUDGE, ...args, '--json'], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.replace(/\bNaN\b/g, 'null')) as Record<string, unknown>;
}

const f3 = (x: unknown) => (typeof x === 'number' ? x.toFixed(3) : 'n/a');

async function main(): Promise<void> {
  const a = parseArgs(process.argv.slice(2), ['models', 'customers', 'seed', 'epochs', 'data']);
  if (!existsSync(JUDGE)) throw new Error(`${JUDGE} is missing: the bench needs ../shared.`);
  const models = (a.one('models') ?? 'seq-trees').split(',');
  const seed = a.int('seed', 1);
  await startNodeBackend('wasm');
  const sim = simulateCustomers(a.int('customers', 1000), 11);
  const datasets: Dataset[] = [
    {
      name: 'chickweight',
      csv: readFileSync(join(SHARED, 'data', 'chickweight.csv'), 'utf8'),
      key: 'Chick',
      order: 'Time',
      linked: false,
    },
    {
      name: 'simulator (long)',
      csv: writeCsv(sim.names, sim.rows),
      key: 'customer',
      order: 'day',
      linked: false,
    },
    {
      name: 'simulator (two tables)',
      csv: writeCsv(sim.names, sim.rows),
      key: 'customer',
      order: 'day',
      linked: true,
    },
  ];
  const dir = mkdtempSync(join(tmpdir(), 'facsimile-seq-bench-'));
  const lines = [
    '| data | model | seq. quality | coherence | gap | detection AUC | length | copies | order | integrity | closer to train | train s |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  try {
    const only = a.one('data');
    for (const d of datasets.filter((x) => !only || x.name.startsWith(only))) {
      const split = splitByEntity(d.csv, d.key, seed);
      const train = readTable(split.train, d);
      const holdout = readTable(split.holdout, d);
      for (const name of models) {
        const model = SEQUENCE_MODELS[name];
        if (!model) throw new Error(`unknown model ${name}`);
        const started = performance.now();
        const synth = await model.run(train, train.keys.length, new Rng(seed), {
          epochs: a.has('epochs') ? a.int('epochs', 0) : undefined,
          backend: 'wasm',
          progress: (l) => process.stderr.write(`${l}\n`),
        });
        const seconds = (performance.now() - started) / 1000;
        let args: string[];
        const base = ['--key', d.key, '--order', d.order];
        if (d.linked) {
          args = [
            ...base,
            '--real-events',
            write(dir, 'real-e.csv', toEventRows(train)),
            '--real-subjects',
            write(dir, 'real-s.csv', toSubjectRows(train)),
            '--synth-events',
            write(dir, 'synth-e.csv', toEventRows(synth)),
            '--synth-subjects',
            write(dir, 'synth-s.csv', toSubjectRows(synth)),
            '--holdout-events',
            write(dir, 'hold-e.csv', toEventRows(holdout)),
            '--holdout-subjects',
            write(dir, 'hold-s.csv', toSubjectRows(holdout)),
          ];
        } else {
          const header = cellTableFromCsv(split.train).names;
          args = [
            ...base,
            '--real-events',
            write(dir, 'real.csv', toLongRows(train, header)),
            '--synth-events',
            write(dir, 'synth.csv', toLongRows(synth, header)),
            '--holdout-events',
            write(dir, 'hold.csv', toLongRows(holdout, header)),
          ];
        }
        const j = judge(args);
        const det = j.detection as { auc?: number };
        const priv = j.privacy as { exact_entity_copies: number; closer_to_train_share?: number };
        const len = j.sequence_length as { score: number };
        lines.push(
          `| ${d.name} | ${name} | ${f3(j.sequential_quality)} | ${f3(j.coherence)} | ${f3(j.intertable_association_gap)} | ${f3(det.auc)} | ${f3(len.score)} | ${f3(priv.exact_entity_copies)} | ${f3(j.order_as_written)} | ${f3(j.integrity)} | ${f3(priv.closer_to_train_share)} | ${seconds.toFixed(1)} |`,
        );
        process.stderr.write(`${lines.at(-1)}\n`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  process.stdout.write(
    'Acceptance: coherence >= 0.90, gap <= 0.10, detection AUC <= 0.75, length >= 0.85, copies 0, order 1.0, integrity 1.0\n',
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
