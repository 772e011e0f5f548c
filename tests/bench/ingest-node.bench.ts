/**
 * Node timing of the ingest core path (`npx tsx tests/bench/ingest-node.bench.ts [--rows N]`):
 * the engine worker's own read of a File (here `fs.openAsBlob`), schema inference and the
 * column summaries the page shows, each timed on its own. Less noisy than the browser bench on a
 * shared machine, and it names where the seconds go.
 */
import { openAsBlob } from 'node:fs';
import os from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from '../../src/cli/args';
import { readFile } from '../../src/worker/read-file';
import { DatasetSession } from '../../src/worker/dataset-session';
import { ensureBenchCsv } from './bench-csv';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const OUT_DIR = resolve(ROOT, 'tests/bench/out');

const a = parseArgs(process.argv.slice(2), ['rows', 'file']);
const rows = Math.max(1, a.int('rows', 1_000_000));
const path = a.one('file') ?? (await ensureBenchCsv(OUT_DIR, rows)).path;
const file = await openAsBlob(path);

/** Wall and CPU time (this process, user + system) of each phase, in seconds. */
interface Mark {
  wall: number;
  cpu: number;
}
const mark = (): Mark => {
  const cpu = process.cpuUsage();
  return { wall: performance.now() / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
};
const line = (label: string, from: Mark, to: Mark): string =>
  `${label.padEnd(22)} ${(to.wall - from.wall).toFixed(2)} s wall, ${(to.cpu - from.cpu).toFixed(2)} s CPU`;

const m0 = mark();
const { table, report } = await readFile(file, new AbortController().signal, () => undefined);
const m1 = mark();
const session = new DatasetSession('bench', file.size, table, report, m1.wall - m0.wall);
const m2 = mark();
const view = session.view();
const m3 = mark();
console.log(`${path}: ${view.rowCount.toLocaleString('en-US')} rows × ${view.columnNames.length}`);
console.log(`load average (1 min) ${os.loadavg()[0]?.toFixed(2)}`);
console.log(line('read (file to table)', m0, m1));
console.log(line('schema inference', m1, m2));
console.log(line('column summaries', m2, m3));
console.log(line('total', m0, m3));
console.log(view.schema.columns.map((c) => `${c.name}:${c.kind}`).join(' '));
