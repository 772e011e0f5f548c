import { expect, test, type Page } from '@playwright/test';

// No leaks: the engine worker reports its live tensor count and the bytes they hold after every
// epoch (the run log). Both must stay flat over 50 epochs of one run, and end at the same count in 5 runs in a row in
// one page (each run disposes the model it replaces).
test.describe.configure({ timeout: 300_000 });

interface Line {
  tensors: number;
  bytes: number;
}

async function train(page: Page, epochs: number): Promise<Line[]> {
  await page.getByLabel('Epochs', { exact: true }).fill(String(epochs));
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.locator('.run-log summary')).toContainText(`Run log (${epochs} epochs`, {
    timeout: 240_000,
  });
  await expect(page.getByTestId('run-status')).toContainText('Training complete', {
    timeout: 60_000,
  });
  await page.locator('.run-log summary').click();
  const rows = page.getByTestId('run-log').locator('tbody tr');
  const tensors = await rows.locator('td:nth-child(3)').allTextContents();
  const bytes = await rows
    .locator('td:nth-child(4)')
    .evaluateAll((cells) => cells.map((c) => c.getAttribute('data-bytes') ?? ''));
  await page.locator('.run-log summary').click();
  return tensors.map((t, i) => ({ tensors: Number(t), bytes: Number(bytes[i] || NaN) }));
}

test('the live tensor count stays flat over 50 epochs and over 5 runs in one page', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByLabel('Try a demo data set').selectOption('penguins');
  await expect(page.getByTestId('read-summary')).toContainText('344 rows', { timeout: 30_000 });
  await page.getByLabel('Model', { exact: true }).selectOption({ label: 'TVAE' });
  await page.locator('.settings summary').click();
  await page.getByLabel('Batch size', { exact: true }).fill('100');
  await page.getByLabel('Compute', { exact: true }).selectOption('wasm');

  const long = await train(page, 50);
  expect(long).toHaveLength(50);
  expect(long.every((l) => Number.isFinite(l.tensors) && l.tensors > 0)).toBe(true);
  expect(long.every((l) => Number.isFinite(l.bytes) && l.bytes > 0)).toBe(true);
  // after the first epoch (which builds the optimiser's slots) neither count moves
  expect(new Set(long.slice(1).map((l) => l.tensors)).size).toBe(1);
  expect(new Set(long.slice(1).map((l) => l.bytes)).size).toBe(1);
  const steady = long.at(-1) as Line;

  const ends: Line[] = [];
  for (let run = 0; run < 4; run += 1) {
    const lines = await train(page, 3 + run);
    ends.push(lines.at(-1) as Line);
  }
  console.log(
    `live tensors / bytes: ${steady.tensors} / ${steady.bytes} after 50 epochs; at the end of 4 more runs: ${ends.map((l) => `${l.tensors} / ${l.bytes}`).join(', ')}`,
  );
  expect(ends).toEqual([steady, steady, steady, steady]);
});
