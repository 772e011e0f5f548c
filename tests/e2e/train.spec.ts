import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';

test.describe.configure({ timeout: 180_000 });

async function loadPenguins(page: Page) {
  await page.goto('/');
  await page.getByLabel('Try a demo data set').selectOption('penguins');
  await expect(page.getByTestId('read-summary')).toContainText('344 rows', { timeout: 30_000 });
}

async function configure(
  page: Page,
  model: 'CTGAN' | 'TVAE' | 'Gaussian copula',
  epochs: number,
  compute = 'auto',
) {
  await page.getByLabel('Model', { exact: true }).selectOption({ label: model });
  await page.getByLabel('Epochs', { exact: true }).fill(String(epochs));
  await page.locator('.settings summary').click();
  if (model !== 'Gaussian copula') {
    await page.getByLabel('Batch size', { exact: true }).fill('40');
  }
  await page.getByLabel('Compute', { exact: true }).selectOption(compute);
}

async function downloadText(page: Page, button: string): Promise<string> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: button }).click(),
  ]);
  const path = await download.path();
  return readFileSync(path, 'utf8');
}

test('CTGAN trains on WebGL in the worker, generates rows and exports them in the input format', async ({
  page,
}) => {
  await loadPenguins(page);
  // Automatic would pick WebAssembly over this machine's software WebGL (speed.spec.ts)
  await configure(page, 'CTGAN', 2, 'webgl');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByTestId('backend-badge')).toContainText('WebGL', { timeout: 60_000 });
  await expect(page.getByRole('status')).toContainText('Training complete: CTGAN is trained', {
    timeout: 150_000,
  });
  await expect(page.getByTestId('loss-readout')).toContainText('generator');
  await page.getByLabel('Rows to generate').fill('200');
  await page.getByRole('button', { name: 'Generate' }).click();
  await expect(page.getByTestId('generated-summary')).toContainText('200 synthetic rows');
  const csv = await downloadText(page, 'Download synthetic CSV');
  const lines = csv.trim().split('\n');
  expect(lines[0]).toBe(
    'Species,Island,Beak Length (mm),Beak Depth (mm),Flipper Length (mm),Body Mass (g),Sex',
  );
  expect(lines).toHaveLength(201);
  for (const line of lines.slice(1)) {
    const [species, island] = line.split(',');
    expect(['Adelie', 'Chinstrap', 'Gentoo']).toContain(species);
    expect(['Torgersen', 'Biscoe', 'Dream']).toContain(island);
  }
});

test('a saved model generates again after a reload, with no data loaded', async ({ page }) => {
  await loadPenguins(page);
  await configure(page, 'TVAE', 2, 'wasm');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByTestId('backend-badge')).toContainText('WebAssembly', { timeout: 60_000 });
  await expect(page.getByRole('status')).toContainText('Training complete: TVAE is trained', {
    timeout: 120_000,
  });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download model' }).click(),
  ]);
  const modelPath = await download.path();
  const model = readFileSync(modelPath, 'utf8');
  expect(model).toContain('"facsimile-model"');
  expect(model).not.toContain('Torgersen,39.1');
  await page.reload();
  await page.getByLabel('Load model').setInputFiles(modelPath);
  await page.getByLabel('Rows to generate').fill('50');
  await page.getByRole('button', { name: 'Generate' }).click();
  await expect(page.getByTestId('generated-summary')).toContainText('50 synthetic rows');
});

test('training can be paused, resumed and stopped', async ({ page }) => {
  await loadPenguins(page);
  await configure(page, 'CTGAN', 200, 'wasm');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  const progress = page.getByRole('progressbar', { name: /Training/ });
  await expect(progress).toBeVisible({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByRole('progressbar', { name: 'Training (paused)' })).toBeVisible();
  const before = await progress.getAttribute('aria-valuenow');
  const text = await page.locator('.progress-text').textContent();
  await page.waitForTimeout(1500);
  expect(await page.locator('.progress-text').textContent()).toBe(text);
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.locator('.progress-text')).not.toHaveText(text ?? '', { timeout: 30_000 });
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByRole('button', { name: 'Train', exact: true })).toBeEnabled({
    timeout: 30_000,
  });
  await expect(page.getByRole('status')).toHaveText('Training stopped.');
  expect(Number(await progress.getAttribute('aria-valuenow'))).toBeLessThan(100);
  expect(before).not.toBeNull();
});

test('the Gaussian copula fits in one pass and its rows keep the missing values', async ({
  page,
}) => {
  await loadPenguins(page);
  await configure(page, 'Gaussian copula', 1, 'cpu');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByRole('status')).toContainText('Gaussian copula is trained', {
    timeout: 60_000,
  });
  await page.getByLabel('Rows to generate').fill('2000');
  await page.getByRole('button', { name: 'Generate' }).click();
  await expect(page.getByTestId('generated-summary')).toContainText('2,000 synthetic rows');
  const csv = await downloadText(page, 'Download synthetic CSV');
  // penguins has 11 of 344 rows with no sex ("NA"); the copula keeps that share, written as NA.
  const na = csv.split('\n').filter((l) => l.endsWith(',NA')).length;
  expect(na).toBeGreaterThan(10);
  expect(na).toBeLessThan(200);
});

test("free text is never learned: placeholder text or empty, by the user's choice", async ({
  page,
}) => {
  await page.goto('/');
  const fixture = new URL('../fixtures/kinds.csv', import.meta.url);
  await page.getByLabel('Load CSV').setInputFiles(fixture.pathname);
  await expect(page.getByTestId('read-summary')).toContainText('60 rows');
  await configure(page, 'Gaussian copula', 1, 'cpu');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByRole('status')).toContainText('Gaussian copula is trained', {
    timeout: 60_000,
  });
  const real = new Set(
    readFileSync(fixture, 'utf8')
      .split('\n')
      .slice(1)
      .map((l) => /"([^"]*)"/.exec(l)?.[1])
      .filter(Boolean),
  );
  const comments = (csv: string) =>
    csv
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => /"([^"]*)"/.exec(l)?.[1] ?? l.split(',')[8] ?? '');
  await page.getByLabel('Rows to generate').fill('40');
  await page.getByRole('button', { name: 'Generate' }).click();
  await expect(page.getByTestId('generated-summary')).toContainText('40 synthetic rows');
  const placeholder = comments(await downloadText(page, 'Download synthetic CSV'));
  expect(placeholder.every((c) => c.length > 0 && !real.has(c))).toBe(true);
  await page.getByLabel('Free-text columns').selectOption('empty');
  await page.getByRole('button', { name: 'Generate' }).click();
  await expect(page.getByTestId('generated-summary')).toContainText('40 synthetic rows');
  const lines = (await downloadText(page, 'Download synthetic CSV')).trim().split('\n').slice(1);
  expect(lines.every((l) => l.split(',')[8] === '')).toBe(true);
});
