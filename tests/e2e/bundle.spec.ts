import { expect, test } from '@playwright/test';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The end-to-end tests run on the production build, so the bundle they serve is checked here.
const assets = fileURLToPath(new URL('../../dist/assets', import.meta.url));

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
