import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';

// Offline use: after one visit the service worker (src/sw/service-worker.ts, built as sw.js)
// holds the app, its chunks, the WebAssembly binaries and the demo tables, so a whole session
// runs with the network off. Needs the production build (the worker is not registered in dev).

test.describe.configure({ timeout: 300_000 });

/** Picks a model and its settings (works with the model as radio buttons or a list). */
async function configure(page: Page, model: 'TVAE' | 'Gaussian copula', compute: string) {
  // The training panel is mounted a frame after the table is shown.
  await page.getByRole('button', { name: 'Train', exact: true }).waitFor();
  const picker = page.getByRole('combobox', { name: 'Model', exact: true });
  if ((await picker.count()) > 0) await picker.selectOption({ label: model });
  else await page.getByRole('radio', { name: new RegExp(`^${model}`) }).check();
  const computeSelect = page.getByLabel('Compute', { exact: true });
  if (!(await computeSelect.isVisible())) {
    await page
      .locator('details summary', { hasText: /settings/i })
      .first()
      .click();
  }
  if (model === 'TVAE') {
    await page.getByLabel('Epochs', { exact: true }).fill('1');
    await page.getByLabel('Batch size', { exact: true }).fill('40');
  }
  await computeSelect.selectOption(compute);
}

async function generateAndDownload(page: Page, rows: number): Promise<string[]> {
  await page.getByLabel('Rows to generate').fill(String(rows));
  await page.getByRole('button', { name: 'Generate' }).click();
  await expect(page.getByTestId('generated-summary')).toContainText(`${rows} synthetic rows`, {
    timeout: 60_000,
  });
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download synthetic CSV' }).click(),
  ]);
  return readFileSync(await file.path(), 'utf8')
    .trim()
    .split('\n');
}

test('after the first visit, a whole session runs with the network off', async ({
  page,
  context,
}) => {
  await page.goto('/');
  // First visit: the service worker installs (caching every file) and takes the page.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
    timeout: 90_000,
  });
  const cached = await page.evaluate(async () => {
    const name = (await caches.keys()).find((n) => n.startsWith('facsimile-app-'));
    if (!name) return [];
    return (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname);
  });
  expect(cached).toEqual(
    expect.arrayContaining([
      '/index.html',
      '/demo/penguins.csv',
      '/wasm/tfjs-backend-wasm-simd.wasm',
      expect.stringMatching(/^\/assets\/engine\.worker-.+\.js$/),
    ]),
  );

  await context.setOffline(true);
  const answered: { url: string; fromServiceWorker: boolean }[] = [];
  context.on('response', (r) => {
    // blob: URLs are made in memory by the engine worker (tfjs' wasm thread workers), not fetched
    if (!r.request().serviceWorker() && !r.url().startsWith('blob:')) {
      answered.push({ url: r.url(), fromServiceWorker: r.fromServiceWorker() });
    }
  });
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Facsimile', level: 1 })).toBeVisible();
  // served by the service worker, the page is still cross-origin isolated (wasm threads)
  expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
  // Really offline: a file of the same origin that is not in the cache cannot be fetched.
  expect(
    await page.evaluate(() =>
      fetch('/demo/README.md').then(
        () => 'reached',
        () => 'offline',
      ),
    ),
  ).toBe('offline');

  await page.getByLabel('Try a demo data set').selectOption('penguins');
  await expect(page.getByTestId('read-summary')).toContainText('344 rows', { timeout: 30_000 });

  await configure(page, 'Gaussian copula', 'cpu');
  await page.getByRole('button', { name: 'Train' }).click();
  await expect(page.getByText('Gaussian copula is trained')).toBeVisible({ timeout: 60_000 });
  const copulaRows = await generateAndDownload(page, 50);
  expect(copulaRows).toHaveLength(51);
  expect(copulaRows[0]).toContain('Species');

  await configure(page, 'TVAE', 'wasm');
  await page.getByRole('button', { name: 'Train' }).click();
  await expect(page.getByTestId('backend-badge')).toContainText('WebAssembly', { timeout: 60_000 });
  await expect(page.getByText('TVAE is trained')).toBeVisible({ timeout: 120_000 });
  expect(await generateAndDownload(page, 60)).toHaveLength(61);

  // Everything the page and the engine worker loaded came out of the service worker's cache.
  const paths = answered.map((a) => new URL(a.url).pathname);
  expect(paths).toContain('/demo/penguins.csv');
  expect(paths.some((p) => /^\/wasm\/.+\.wasm$/.test(p))).toBe(true);
  expect(answered.filter((a) => !a.fromServiceWorker)).toEqual([]);
});
