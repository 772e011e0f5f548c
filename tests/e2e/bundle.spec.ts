import { expect, test } from '@playwright/test';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The end-to-end tests run on the production build, so the bundle they serve is checked here
// (E2E_DIST names another build folder, as in playwright.config.ts).
const outDir = process.env.E2E_DIST ?? 'dist';
const assets = fileURLToPath(new URL(`../../${outDir}/assets`, import.meta.url));

/** A registered kernel name only tfjs carries. */
const TFJS_MARK = 'FusedBatchNorm';
const read = (file: string) => readFileSync(join(assets, file), 'utf8');
const scripts = () => readdirSync(assets).filter((f) => f.endsWith('.js'));
const isWorkerEntry = (f: string) => /^(engine|evaluation)\.worker-/.test(f);

/**
 * The chunks a script loads, statically or on demand (`./name.js` in quotes or backticks),
 * followed to the end; a worker entry is not followed (it runs in its own thread).
 */
function graphFrom(entry: string): Set<string> {
  const seen = new Set<string>([entry]);
  const queue = [entry];
  for (let file = queue.pop(); file !== undefined; file = queue.pop())
    for (const m of read(file).matchAll(/["'`]\.\/([\w.-]+\.js)["'`]/g)) {
      const next = m[1] as string;
      if (seen.has(next) || isWorkerEntry(next) || !scripts().includes(next)) continue;
      seen.add(next);
      queue.push(next);
    }
  return seen;
}

test('tfjs stays out of the page bundle: it lives in the engine worker chunk', () => {
  const files = scripts();
  const main = files.filter((f) => f.startsWith('index-'));
  const worker = files.filter((f) => f.startsWith('engine.worker-'));
  expect(main).toHaveLength(1);
  expect(worker).toHaveLength(1);
  const page = graphFrom(main[0] as string);
  // the engine worker's own chunks carry tfjs; nothing the page loads does
  const workerGraph = graphFrom(worker[0] as string);
  expect([...workerGraph].some((f) => read(f).includes(TFJS_MARK))).toBe(true);
  for (const f of page) expect(read(f), f).not.toContain(TFJS_MARK);
  expect(statSync(join(assets, main[0] as string)).size).toBeLessThan(1_000_000);
});

test("the page never loads a model: tfjs is in the engine worker's chunks and nowhere else", () => {
  const files = scripts();
  const worker = files.find((f) => f.startsWith('engine.worker-')) as string;
  const workerGraph = graphFrom(worker);
  const withTfjs = files.filter((f) => read(f).includes(TFJS_MARK));
  expect(withTfjs.length).toBeGreaterThan(0);
  // every chunk holding tfjs is one the engine worker loads (not the page, not the evaluation worker)
  for (const f of withTfjs) expect(workerGraph.has(f), f).toBe(true);
  const evaluation = files.find((f) => f.startsWith('evaluation.worker-'));
  if (evaluation)
    for (const f of graphFrom(evaluation)) expect(read(f), f).not.toContain(TFJS_MARK);
});

test('no test hook ships: no built script carries a global for tests to reach into', () => {
  const scripts = readdirSync(assets).filter((f) => f.endsWith('.js'));
  expect(scripts.length).toBeGreaterThan(1);
  for (const file of scripts) {
    const text = readFileSync(join(assets, file), 'utf8');
    expect(text, file).not.toContain('__facsimileDebug');
  }
});
