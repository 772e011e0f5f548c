/**
 * Time of the distance-to-closest-record computation: 20,000 synthetic rows against 20,000
 * training rows (nearest and second nearest, as the privacy report asks), then the whole privacy
 * report with the holdout checks, in Node on one core.
 *   npm run bench:privacy [-- --rows 20000 --synth tests/bench/out/adult-ctgan.csv]
 * Data: the first N rows of the adult training split and of a model's output from
 * `npm run bench:quality` (tests/bench/out) when present; otherwise N rows of
 * ../shared/data/adult.csv against N other rows with a third of their cells swapped between rows
 * (a stand-in for a generator); otherwise a seeded random table of adult's shape. Says which.
 * Writes tests/bench/out/privacy.json.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from '../../src/cli/args';
import { readCsvText } from '../../src/core/data/csv-reader';
import type { ModelTable } from '../../src/core/data/model-table';
import { inferSchema } from '../../src/core/data/schema-inference';
import { dcrSpace, nearestDistances, toDcrMatrix } from '../../src/core/eval/dcr';
import { evalTables, takeRows } from '../../src/core/eval/eval-tables';
import { privacyReport } from '../../src/core/eval/privacy';
import { Rng } from '../../src/core/rng';
import type { RawTable } from '../../src/core/types';

const root = resolve(import.meta.dirname, '..', '..');
const out = join(root, 'tests', 'bench', 'out');
const adult = resolve(root, '..', 'shared', 'data', 'adult.csv');

const args = parseArgs(process.argv.slice(2), ['rows', 'synth']);
const rows = args.int('rows', 20_000);
const synthPath = args.one('synth') ?? join(out, 'adult-ctgan.csv');
const trainPath = join(out, 'adult-train.csv');

const readCsv = (path: string): RawTable => readCsvText(readFileSync(path, 'utf8')).table;

function headRows(text: string, n: number): string {
  const lines = text.split('\n');
  return lines.slice(0, n + 1).join('\n') + '\n';
}

/** Rows with a third of their cells taken from another random row. */
function scrambled(t: ModelTable, rng: Rng): ModelTable {
  const columns = t.columns.map((c) => {
    if (c.type === 'numeric') {
      const values = Float64Array.from(c.values);
      for (let i = 0; i < t.rows; i += 1)
        if (rng.uniform() < 1 / 3) values[i] = c.values[rng.int(t.rows)] as number;
      return { ...c, values };
    }
    const codes = Int32Array.from(c.codes);
    for (let i = 0; i < t.rows; i += 1)
      if (rng.uniform() < 1 / 3) codes[i] = c.codes[rng.int(t.rows)] as number;
    return { ...c, codes };
  });
  return { rows: t.rows, columns };
}

function randomTables(n: number): { train: ModelTable; synth: ModelTable; holdout: ModelTable } {
  const rng = new Rng(7);
  const make = (): ModelTable => ({
    rows: n,
    columns: [
      ...Array.from({ length: 6 }, (_, j) => ({
        type: 'numeric' as const,
        name: `n${j}`,
        values: Float64Array.from({ length: n }, () => Math.round(rng.normal() * 10 * (j + 1))),
        integer: true,
      })),
      ...Array.from({ length: 9 }, (_, j) => ({
        type: 'discrete' as const,
        name: `c${j}`,
        codes: Int32Array.from({ length: n }, () =>
          Math.min(rng.int(2 + 3 * j), rng.int(2 + 3 * j)),
        ),
        levels: Array.from({ length: 2 + 3 * j }, (_, k) => `l${k}`),
      })),
    ],
  });
  return { train: make(), synth: make(), holdout: make() };
}

function loadTables(): {
  source: string;
  train: ModelTable;
  synth: ModelTable;
  holdout: ModelTable | null;
} {
  if (existsSync(trainPath) && existsSync(synthPath)) {
    const real = readCsvText(headRows(readFileSync(trainPath, 'utf8'), rows)).table;
    const synth = readCsvText(headRows(readFileSync(synthPath, 'utf8'), rows)).table;
    const holdoutPath = join(out, 'adult-holdout.csv');
    const holdout = existsSync(holdoutPath) ? readCsv(holdoutPath) : null;
    const t = evalTables({ real, synth, holdout, schema: inferSchema(real) });
    return { source: `${trainPath} vs ${synthPath}`, ...t };
  }
  if (existsSync(adult)) {
    const all = readCsv(adult);
    const t = evalTables({ real: all, synth: all, schema: inferSchema(all) });
    const order = new Int32Array(all.rowCount).map((_, i) => i);
    const train = takeRows(t.train, order.slice(0, rows));
    const other = takeRows(t.train, order.slice(all.rowCount - rows));
    const holdout = takeRows(t.train, order.slice(rows, Math.min(all.rowCount, rows + 6000)));
    return {
      source: `${adult} (rows scrambled as the synthetic table)`,
      train,
      synth: scrambled(other, new Rng(3)),
      holdout,
    };
  }
  return {
    source: 'seeded random table (6 numeric, 9 categorical columns)',
    ...randomTables(rows),
  };
}

const { source, train, synth, holdout } = loadTables();
console.log(`data: ${source}`);
console.log(
  `load average ${loadavg()[0]?.toFixed(1)} on this machine (wall times stretch with it; CPU times do not)`,
);
console.log(
  `${synth.rows} synthetic x ${train.rows} training rows, ${train.columns.length} columns`,
);

const space = dcrSpace(
  train,
  train.columns.map((c) => c.name),
);
let started = performance.now();
let cpu = process.cpuUsage();
const q = toDcrMatrix(space, synth);
const r = toDcrMatrix(space, train);
const { nearest } = nearestDistances(q, r, { second: true });
const dcrSeconds = (performance.now() - started) / 1000;
const dcrCpuSeconds = process.cpuUsage(cpu).user / 1e6;
const median = Float64Array.from(nearest).sort()[nearest.length >> 1] as number;
console.log(
  `nearest + second-nearest distances: ${dcrSeconds.toFixed(2)} s wall, ${dcrCpuSeconds.toFixed(2)} s CPU (median DCR ${median.toFixed(4)})`,
);

started = performance.now();
cpu = process.cpuUsage();
const report = privacyReport({ train, synth, holdout, seed: 0, maxRows: rows });
const reportSeconds = (performance.now() - started) / 1000;
const reportCpuSeconds = process.cpuUsage(cpu).user / 1e6;
console.log(
  `whole privacy report (${report.synthRowsUsed} synthetic rows${holdout ? `, holdout ${holdout.rows} rows, equal sets of ${report.equalSizeSets}` : ''}): ${reportSeconds.toFixed(2)} s wall, ${reportCpuSeconds.toFixed(2)} s CPU`,
);
console.log(
  `  exact copies ${report.exactCopies}, DCR median ${report.dcrMedian.toFixed(4)}, closer to train ${report.closerToTrainShare?.toFixed(3) ?? '-'}, verdict ${report.verdict.level}`,
);
mkdirSync(out, { recursive: true });
writeFileSync(
  join(out, 'privacy.json'),
  JSON.stringify(
    {
      source,
      synthRows: synth.rows,
      trainRows: train.rows,
      dcrSeconds,
      dcrCpuSeconds,
      reportCpuSeconds,
      loadAverage: loadavg()[0],
      reportSeconds,
      dcrMedian: report.dcrMedian,
      measured: new Date().toISOString(),
    },
    null,
    1,
  ),
);
