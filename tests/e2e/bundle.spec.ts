import { expect, test } from '@playwright/test';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The end-to-end tests run on the production build, so the bundle they serve is checked here
// (E2E_DIST names another build folder, as in playwright.config.ts).
const outDir = process.env.E2E_DIST ?? 'dist';
const assets = fileURLToPath(new URL(`../../${outDir}/assets`, import.meta.url));

test('tfjs stays out of the page bundle: it lives in the engine worker chunk', () => {
  const files = readdirSync(assets).filter((f) => f.endsWith('.js'));
  const main = files.filter((f) => f.startsWith('index-'));
  const worker = files.filter((f) => f.startsWith('engine.worker-'));
  expect(main).toHaveLength(1);
  expect(worker).toHaveLength(1);
  const mainText = readFileSync(join(assets, main[0] as string), 'utf8');
  const workerText = readFileSync(join(assets, worker[0] as string), 'utf8');
  // A registered kernel name only tfjs carries, present in the worker and absent from the page.
  expect(workerText).toContain('FusedBatchNorm');
  expect(mainText).not.toContain('FusedBatchNorm');
  expect(statSync(join(assets, main[0] as string)).size).toBeLessThan(1_000_000);
});

test('the page never loads a model: tfjs is in the engine worker chunk and nowhere else', () => {
  const files = readdirSync(assets).filter((f) => f.endsWith('.js'));
  const withTfjs = files.filter((f) =>
    readFileSync(join(assets, f), 'utf8').includes('FusedBatchNorm'),
  );
  expect(withTfjs.map((f) => f.replace(/-[\w-]+\.js$/, ''))).toEqual(['engine.worker']);
});

test('no test hook ships: no built script carries a global for tests to reach into', () => {
  const scripts = readdirSync(assets).filter((f) => f.endsWith('.js'));
  expect(scripts.length).toBeGreaterThan(1);
  for (const file of scripts) {
    const text = readFileSync(join(assets, file), 'utf8');
    expect(text, file).not.toContain('__facsimileDebug');
  }
});
