import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';

// A training run survives a reload or a crashed tab: the worker keeps the table, the settings
// and the latest checkpoint in this origin's IndexedDB (database "facsimile-run"), the page
// offers to resume on start-up, and training goes on from the checkpoint's epoch.

test.describe.configure({ timeout: 240_000 });

const BANNER = 'Interrupted training run';

async function loadPenguins(page: Page) {
  await page.goto('/');
  await page.getByLabel('Try a demo data set').selectOption('penguins');
  await expect(page.getByTestId('read-summary')).toContainText('344 rows', { timeout: 30_000 });
}

async function startTvae(page: Page, epochs: number) {
  await page.getByLabel('Model', { exact: true }).selectOption({ label: 'TVAE' });
  await page.getByLabel('Epochs', { exact: true }).fill(String(epochs));
  await page.locator('.settings summary').click();
  await page.getByLabel('Batch size', { exact: true }).fill('40');
  await page.getByLabel('Compute', { exact: true }).selectOption('wasm');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByTestId('backend-badge')).toContainText('WebAssembly', { timeout: 60_000 });
}

/** The stored run as the page's own IndexedDB holds it (read without creating anything). */
function stored(page: Page) {
  return page.evaluate(async () => {
    const names = (await indexedDB.databases()).map((d) => d.name);
    if (!names.includes('facsimile-run')) return { records: 0, epoch: null as number | null };
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('facsimile-run');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    try {
      if (!db.objectStoreNames.contains('run')) return { records: 0, epoch: null };
      const store = db.transaction('run').objectStore('run');
      const ask = <T>(r: IDBRequest<T>) =>
        new Promise<T>((resolve, reject) => {
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
      const records = await ask(store.count());
      const saved = (await ask(store.get('checkpoint'))) as
        { checkpoint?: { epoch?: number } } | undefined;
      return { records, epoch: saved?.checkpoint?.epoch ?? null };
    } finally {
      db.close();
    }
  });
}

/** Waits until the worker has kept a checkpoint at `epoch` or later; returns its epoch. */
async function checkpointAtLeast(page: Page, epoch: number): Promise<number> {
  await expect
    .poll(async () => (await stored(page)).epoch ?? 0, { timeout: 120_000, intervals: [500] })
    .toBeGreaterThanOrEqual(epoch);
  return (await stored(page)).epoch as number;
}

/** The epoch the banner names, after checking the rest of its words. */
async function bannerEpoch(page: Page, epochs: number, file = 'penguins.csv'): Promise<number> {
  const banner = page.getByRole('region', { name: BANNER });
  await expect(banner).toBeVisible({ timeout: 30_000 });
  const text = (await banner.getByText(/^A training run was interrupted/).textContent()) ?? '';
  const match = new RegExp(
    `^A training run was interrupted at epoch (\\d+) of ${epochs} \\(TVAE on ${file.replace('.', '\\.')}, saved \\d\\d:\\d\\d\\)\\.$`,
  ).exec(text);
  expect(match, text).not.toBeNull();
  await expect(banner).toContainText('nothing was sent anywhere');
  return Number(match?.[1]);
}

function progressEpoch(text: string | null): number {
  return Number(/epoch (\d+) of/.exec(text ?? '')?.[1] ?? NaN);
}

test('a reload mid-run offers to resume; training goes on from the checkpoint and completes', async ({
  page,
}) => {
  // Long enough to outlast the first checkpoint (every 5 s) by far: 200 epochs now take 5 s.
  const epochs = 1000;
  await loadPenguins(page);
  await startTvae(page, epochs);
  await checkpointAtLeast(page, 3);

  await page.reload();
  const epoch = await bannerEpoch(page, epochs);
  // the banner tells what is stored, nothing older or newer
  expect(epoch).toBe((await stored(page)).epoch);
  expect(epoch).toBeGreaterThanOrEqual(3);
  // nothing is loaded until the user says so
  await expect(page.getByTestId('read-summary')).toHaveCount(0);

  await page.getByRole('button', { name: 'Resume training' }).click();
  await expect(page.getByRole('region', { name: BANNER })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Resumed training run' })).toContainText(
    `Resumed: TVAE on penguins.csv goes on from epoch ${epoch + 1} of ${epochs}.`,
  );
  // the table is back, with its schema and preview
  await expect(page.getByTestId('read-summary')).toContainText('344 rows', { timeout: 30_000 });
  // the train panel shows the run's own settings, not the defaults
  await expect(page.getByLabel('Model', { exact: true })).toHaveValue('tvae');
  await expect(page.getByLabel('Epochs', { exact: true })).toHaveValue(String(epochs));
  await expect(page.getByLabel('Batch size', { exact: true })).toHaveValue('40');
  // ...and the compute it was started on
  await expect(page.getByLabel('Compute', { exact: true })).toHaveValue('wasm');
  await expect(page.getByTestId('backend-badge')).toContainText('WebAssembly', { timeout: 60_000 });
  const progress = page.locator('.train-panel .progress-text');
  await expect(progress).toContainText(`of ${epochs}`, { timeout: 60_000 });
  const seen: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    seen.push(progressEpoch(await progress.textContent()));
    await page.waitForTimeout(300);
  }
  for (const e of seen) expect(e).toBeGreaterThanOrEqual(epoch + 1);
  // the run log's first line is the first epoch trained after the checkpoint, never epoch 1
  await expect(page.getByTestId('run-log').locator('tbody tr').first()).toBeAttached({
    timeout: 30_000,
  });
  const firstLogged = Number(
    await page.getByTestId('run-log').locator('tbody tr td').first().textContent(),
  );
  expect(firstLogged).toBe(epoch + 1);

  await expect(page.getByRole('status')).toContainText('Training complete: TVAE is trained', {
    timeout: 200_000,
  });
  expect(progressEpoch(await progress.textContent())).toBe(epochs);

  await page.getByLabel('Rows to generate').fill('150');
  await page.getByRole('button', { name: 'Generate' }).click();
  await expect(page.getByTestId('generated-summary')).toContainText('150 synthetic rows');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download synthetic CSV' }).click(),
  ]);
  const csv = readFileSync(await download.path(), 'utf8');
  const parsed = Papa.parse<string[]>(csv.trim(), { skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  expect(parsed.data[0]).toEqual([
    'Species',
    'Island',
    'Beak Length (mm)',
    'Beak Depth (mm)',
    'Flipper Length (mm)',
    'Body Mass (g)',
    'Sex',
  ]);
  expect(parsed.data).toHaveLength(151);
  for (const row of parsed.data.slice(1)) {
    expect(['Adelie', 'Chinstrap', 'Gentoo']).toContain(row[0]);
  }

  // the run finished: nothing is kept, nothing is offered
  await expect.poll(async () => (await stored(page)).records).toBe(0);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Facsimile', level: 1 })).toBeVisible();
  await page.waitForTimeout(2_500);
  await expect(page.getByRole('region', { name: BANNER })).toHaveCount(0);
});

/** A small table of the user's own, loaded through Load CSV (kept as a file, not an address). */
function visitsCsv(rows: number): Buffer {
  const lines = ['group,level,value'];
  for (let i = 0; i < rows; i += 1) {
    lines.push(`${'ABC'[i % 3]},${1 + ((i * 7) % 5)},${(10 + ((i * 37) % 100) / 7).toFixed(2)}`);
  }
  return Buffer.from(`${lines.join('\n')}\n`);
}

test('a crashed tab: a new tab offers the run; its file and schema choices come back; Stop ends it', async ({
  context,
}) => {
  const epochs = 5000;
  const page = await context.newPage();
  await page.goto('/');
  await page
    .getByLabel('Load CSV')
    .setInputFiles({ name: 'visits.csv', mimeType: 'text/csv', buffer: visitsCsv(300) });
  await expect(page.getByTestId('read-summary')).toContainText('300 rows', { timeout: 30_000 });
  await page.getByLabel('level type').selectOption({ label: 'Categorical' });
  await page.getByLabel('Holdout (%)').fill('10');
  await startTvae(page, epochs);
  await checkpointAtLeast(page, 3);
  // the tab goes away mid-run, with no chance to tidy up
  await page.close({ runBeforeUnload: false });

  const next = await context.newPage();
  await next.goto('/');
  const epoch = await bannerEpoch(next, epochs, 'visits.csv');
  expect(epoch).toBe((await stored(next)).epoch);
  await next.getByRole('button', { name: 'Resume training' }).click();
  await expect(next.getByTestId('read-summary')).toContainText('300 rows', { timeout: 30_000 });
  await expect(next.getByLabel('level type')).toHaveValue('categorical');
  await expect(next.getByLabel('Holdout (%)')).toHaveValue('10');
  await expect(next.getByTestId('holdout-hint')).toContainText('30 rows are set aside');
  const log = next.getByTestId('run-log').locator('tbody tr td');
  await expect(log.first()).toBeAttached({ timeout: 60_000 });
  expect(Number(await log.first().textContent())).toBe(epoch + 1);

  await next.getByRole('button', { name: 'Stop' }).click();
  await expect(next.getByRole('status')).toContainText('Training stopped.');
  await expect.poll(async () => (await stored(next)).records).toBe(0);
  await next.reload();
  await expect(next.getByRole('heading', { name: 'Facsimile', level: 1 })).toBeVisible();
  await next.waitForTimeout(2_500);
  await expect(next.getByRole('region', { name: BANNER })).toHaveCount(0);
});

test('Discard forgets an interrupted run, and Forget everything removes a live one', async ({
  page,
}) => {
  const epochs = 5000;
  await loadPenguins(page);
  await startTvae(page, epochs);
  await checkpointAtLeast(page, 2);
  await page.reload();
  await bannerEpoch(page, epochs);
  await page.getByRole('button', { name: 'Discard' }).click();
  await expect(page.getByRole('region', { name: BANNER })).toHaveCount(0);
  expect(await stored(page)).toEqual({ records: 0, epoch: null });
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Facsimile', level: 1 })).toBeVisible();
  await page.waitForTimeout(2_500);
  await expect(page.getByRole('region', { name: BANNER })).toHaveCount(0);

  await page.getByLabel('Try a demo data set').selectOption('penguins');
  await expect(page.getByTestId('read-summary')).toContainText('344 rows', { timeout: 30_000 });
  await startTvae(page, epochs);
  await checkpointAtLeast(page, 2);
  const privacy = page.getByRole('region', { name: 'Privacy' });
  await privacy.getByRole('button', { name: 'Forget everything' }).click();
  await Promise.all([
    page.waitForEvent('load'),
    privacy.getByRole('button', { name: 'Yes, forget everything' }).click(),
  ]);
  await expect(page.getByTestId('forgotten')).toContainText('a training run kept for resuming');
  await page.waitForTimeout(2_500);
  await expect(page.getByRole('region', { name: BANNER })).toHaveCount(0);
  const names = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
  expect(names).not.toContain('facsimile-run');
});
