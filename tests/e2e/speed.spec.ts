import { expect, test, type Page } from '@playwright/test';

// Headless Chromium here draws WebGL with SwiftShader (software, on the CPU): Automatic compute
// must see that it is no GPU and train on multi-threaded WebAssembly, which needs the page to be
// cross-origin isolated. A user's choice of WebGL still wins.
test.describe.configure({ timeout: 180_000 });

async function loadPenguins(page: Page) {
  await page.goto('/');
  await page.getByLabel('Try a demo data set').selectOption('penguins');
  await expect(page.getByTestId('read-summary')).toContainText('344 rows', { timeout: 30_000 });
}

async function train(page: Page, compute: 'auto' | 'webgl') {
  await page.getByLabel('Model', { exact: true }).selectOption({ label: 'CTGAN' });
  await page.getByLabel('Epochs', { exact: true }).fill('2');
  await page.locator('.settings summary').click();
  await page.getByLabel('Batch size', { exact: true }).fill('40');
  await page.getByLabel('Compute', { exact: true }).selectOption(compute);
  await page.getByRole('button', { name: 'Train', exact: true }).click();
}

test('Automatic trains on multi-threaded WebAssembly when WebGL is software', async ({ page }) => {
  await loadPenguins(page);
  expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  await train(page, 'auto');
  const badge = page.getByTestId('backend-badge');
  await expect(badge).toContainText(/WebAssembly, \d+ threads?/, { timeout: 60_000 });
  await expect(badge).toHaveClass(/backend-wasm/);
  const threads = Number(/WebAssembly, (\d+) thread/.exec((await badge.textContent()) ?? '')?.[1]);
  expect(threads).toBe(Math.min(8, cores));
  if (cores >= 2) expect(threads).toBeGreaterThanOrEqual(2);
  // the badge says why: WebGL here is not a GPU
  const title = (await badge.getAttribute('title')) ?? '';
  expect(title).toMatch(/SwiftShader on the CPU, not a GPU/);
  // ...and which kernel multiplies matrices, from a timed trial of both in the engine worker
  // (relaxed SIMD is on in Chromium). With 2 threads the pool cannot be the 1.5x faster one.
  expect(title).toMatch(
    /matrix products on the (FMA kernel \(1 thread\)|\d+-thread pool): \d+\.\dx (faster|slower) than the (\d+-thread pool|1-thread FMA kernel) in a product trial/,
  );
  if (threads <= 2) expect(title).toContain('matrix products on the FMA kernel (1 thread)');
  await expect(page.getByRole('status')).toContainText('Training complete: CTGAN is trained', {
    timeout: 150_000,
  });
});

test('a user who picks WebGL trains on WebGL', async ({ page }) => {
  await loadPenguins(page);
  await train(page, 'webgl');
  const badge = page.getByTestId('backend-badge');
  await expect(badge).toContainText('WebGL', { timeout: 60_000 });
  await expect(badge).toHaveClass(/backend-webgl/);
  await expect(page.getByRole('status')).toContainText('Training complete: CTGAN is trained', {
    timeout: 150_000,
  });
});
