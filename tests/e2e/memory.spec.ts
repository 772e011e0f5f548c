import { expect, test } from '@playwright/test';

// A table whose encoding would not fit in the tab's memory is refused before training, with
// the estimate and fixes (src/core/data/memory-estimate.ts, src/features/train/MemoryRefusal.tsx).
// 60,000 rows with a 6,000-level category: CTGAN would one-hot it into about 6,000 columns,
// ~2.9 GB, over headless Chromium's budget (a quarter of the reported 8 GB device memory).
test.describe.configure({ timeout: 180_000 });

function wideCsv(): Buffer {
  const lines = ['code,amount'];
  for (let i = 0; i < 60_000; i += 1) lines.push(`c${i % 6000},${(i * 37) % 1000}.5`);
  return Buffer.from(lines.join('\n'));
}

test('a table too large to encode is refused with the estimate, and a fix makes it train', async ({
  page,
}) => {
  await page.goto('/');
  await page
    .getByLabel('Load CSV')
    .setInputFiles({ name: 'wide.csv', mimeType: 'text/csv', buffer: wideCsv() });
  await expect(page.getByTestId('read-summary')).toContainText('60,000 rows', { timeout: 60_000 });
  await page.getByLabel('code type').selectOption('categorical');
  await page.getByLabel('Model', { exact: true }).selectOption({ label: 'CTGAN' });
  await page.getByRole('button', { name: 'Train', exact: true }).click();

  const refusal = page.getByTestId('memory-refusal');
  await expect(refusal).toContainText(/Training would need about [\d.]+ GB of memory/);
  await expect(refusal).toContainText('48,000 rows');
  await expect(refusal).toContainText('"code" 6,000');
  // nothing started
  await expect(page.getByTestId('run-status')).not.toContainText('Training');
  await expect(page.getByRole('button', { name: 'Stop' })).toBeDisabled();

  const fix = page.getByRole('button', { name: 'Keep the 50 most frequent values of "code"' });
  await expect(page.getByText(/then about \d+ MB \(fits\)/).first()).toBeVisible();
  await fix.click();
  await expect(refusal).toHaveCount(0);
  // the schema now keeps the top 50 levels, so training starts
  await page.getByLabel('Epochs', { exact: true }).fill('1');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(refusal).toHaveCount(0);
  await expect(page.getByTestId('run-status')).toContainText(/Training|complete/, {
    timeout: 60_000,
  });
  await page
    .getByRole('button', { name: 'Stop' })
    .click({ timeout: 5_000 })
    .catch(() => undefined);
});
