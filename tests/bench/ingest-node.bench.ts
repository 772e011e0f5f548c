/**
 * Node timing of the ingest core path (`npx tsx tests/bench/ingest-node.bench.ts [--rows N]`):
 * the engine worker's own read of a File (here `fs.openAsBlob`), schema inference and the
 * column summaries the page shows, each timed on its own. Less noisy than the browser bench on a
 * shared machine, and it names where the seconds go.
 */
import { openAsBlob } from 'node:fs';
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

const t0 = performance.now();
const { table, report } = await readFile(file, new AbortController().signal, () => undefined);
const t1 = performance.now();
const session = new DatasetSession('bench', file.size, table, report, (t1 - t0) / 1000);
const t2 = performance.now();
const view = session.view();
const t3 = performance.now();
const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
console.log(`${path}: ${view.rowCount.toLocaleString('en-US')} rows × ${view.columnNames.length}`);
console.log(`read (file to table)   ${s(t1 - t0)}`);
console.log(`schema inference       ${s(t2 - t1)}`);
console.log(`column summaries       ${s(t3 - t2)}`);
console.log(`total                  ${s(t3 - t0)}`);
console.log(view.schema.columns.map((c) => `${c.name}:${c.kind}`).join(' '));
