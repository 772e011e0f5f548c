import { expect, test, type Page } from '@playwright/test';

/**
 * Training faults in the page: a NaN loss keeps the last checkpoint and offers a lower learning
 * rate; a lost WebGL context (simulated with WEBGL_lose_context through the engine's test hook)
 * moves the run to WebAssembly from its last checkpoint without starting over.
 */
test.describe.configure({ timeout: 240_000 });

async function loadPenguins(page: Page) {
  await page.goto('/');
  await page.getByLabel('Try a demo data set').selectOption('penguins');
  await expect(page.getByTestId('read-summary')).toContainText('344 rows', { timeout: 30_000 });
}

async function configure(
  page: Page,
  model: 'CTGAN' | 'TVAE',
  epochs: number,
  compute: string,
  learningRate = '',
) {
  await page.getByLabel('Model', { exact: true }).selectOption({ label: model });
  await page.getByLabel('Epochs', { exact: true }).fill(String(epochs));
  await page.locator('.settings summary').click();
  await page.getByLabel('Batch size', { exact: true }).fill('40');
  await page.getByLabel('Learning rate', { exact: true }).fill(learningRate);
  await page.getByLabel('Compute', { exact: true }).selectOption(compute);
}

/** The epoch the progress bar shows now ("epoch 3 of 12"), or null before the first report. */
async function shownEpoch(page: Page): Promise<number | null> {
  const text = (await page.locator('.train-panel').textContent()) ?? '';
  const m = /epoch (\d+) of (\d+)/.exec(text);
  return m ? Number(m[1]) : null;
}

test('a NaN loss keeps the last checkpoint, says so, and the offered lower rate trains', async ({
  page,
}) => {
  await loadPenguins(page);
  // TVAE at learning rate 0.15 (default 1e-3) overflows in epoch 3 on penguins with seed 0 on
  // the cpu backend (seeded, so the same every run); epoch 1 always leaves a checkpoint.
  await configure(page, 'TVAE', 12, 'cpu', '0.15');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  const alert = page.getByTestId('train-fault');
  await expect(alert).toBeVisible({ timeout: 120_000 });
  const said = (await alert.textContent()) ?? '';
  const m = /stopped being numbers at epoch (\d+).*Kept the model from epoch (\d+)/.exec(said);
  expect(m, said).not.toBeNull();
  const [failedAt, kept] = [Number(m?.[1]), Number(m?.[2])];
  expect(kept).toBeGreaterThanOrEqual(1);
  expect(kept).toBeLessThan(failedAt);
  await expect(page.getByRole('status')).toContainText(`kept as it was after epoch ${kept}`);
  // the kept model generates
  await page.getByLabel('Rows to generate').fill('50');
  await page.getByRole('button', { name: 'Generate' }).click();
  await expect(page.getByTestId('generated-summary')).toContainText('50 synthetic rows');

  const fix = alert.getByRole('button', { name: 'Train again with learning rate 1e-3' });
  await fix.click();
  await expect(page.getByLabel('Learning rate', { exact: true })).toHaveValue('1e-3');
  await expect(page.getByRole('status')).toContainText('Training complete: TVAE is trained', {
    timeout: 180_000,
  });
  await expect(page.getByTestId('train-fault')).toHaveCount(0);
});

test('losing the WebGL context mid-run continues on WebAssembly from the last checkpoint', async ({
  page,
}) => {
  await loadPenguins(page);
  await configure(page, 'TVAE', 8, 'webgl');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByTestId('backend-badge')).toContainText('WebGL', { timeout: 60_000 });
  // past a checkpoint: epoch 1 always takes one
  await expect.poll(() => shownEpoch(page), { timeout: 120_000 }).toBeGreaterThanOrEqual(2);
  const before = (await shownEpoch(page)) as number;
  // The page has no test hook: the test hands the engine worker its protocol's
  // 'debug-lose-context' message directly (it drops WebGL as a GPU reset would).
  const engine = page.workers().find((w) => w.url().includes('engine.worker'));
  if (!engine) throw new Error('the engine worker is not running');
  await engine.evaluate(() => {
    self.dispatchEvent(
      new MessageEvent('message', { data: { type: 'debug-lose-context', runId: -1 } }),
    );
  });
  const badge = page.getByTestId('backend-badge');
  await expect(badge).toContainText('WebAssembly', { timeout: 60_000 });
  await expect(badge).toHaveClass(/backend-wasm/);
  const reason = (await badge.getAttribute('title')) ?? '';
  const m = /WebGL was lost at epoch (\d+); continuing on WebAssembly from epoch (\d+)/.exec(
    reason,
  );
  expect(m, reason).not.toBeNull();
  const from = Number(m?.[2]);
  // it went on from a checkpoint, not from the start
  expect(from).toBeGreaterThanOrEqual(2);
  expect(from).toBeLessThanOrEqual(before + 1);
  await expect(page.getByRole('status')).toContainText('WebGL was lost at epoch');
  await expect.poll(() => shownEpoch(page), { timeout: 60_000 }).toBeGreaterThanOrEqual(from);
  const seen: number[] = [];
  await expect
    .poll(
      async () => {
        const e = await shownEpoch(page);
        if (e !== null) seen.push(e);
        return page.getByRole('status').textContent();
      },
      { timeout: 200_000, intervals: [250] },
    )
    .toContain('Training complete: TVAE is trained');
  expect(Math.min(...seen)).toBeGreaterThanOrEqual(from);
  await page.getByLabel('Rows to generate').fill('100');
  await page.getByRole('button', { name: 'Generate' }).click();
  await expect(page.getByTestId('generated-summary')).toContainText('100 synthetic rows');
});
