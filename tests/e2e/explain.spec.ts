import { expect, test, type Page } from '@playwright/test';

// "How it works" after training ARGN and the trees on the penguins demo: the fitted model's
// real anatomy, then "Write one row": one step per modelled column, with the network's token
// shares (ARGN) or the path down each tree (CART); the same seed writes the same row.
test.describe.configure({ timeout: 240_000 });

const COLUMNS = 7;

async function train(page: Page, model: string) {
  await page.goto('/');
  await page.getByLabel('Try a demo data set').selectOption('penguins');
  await expect(page.getByTestId('read-summary')).toContainText('344 rows', { timeout: 30_000 });
  await page.getByLabel('Model', { exact: true }).selectOption({ label: model });
  await page.getByLabel('Epochs', { exact: true }).fill('2');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByTestId('run-status')).toContainText('Training complete', {
    timeout: 150_000,
  });
  await page.getByRole('tab', { name: 'How it works' }).click();
  await expect(page.getByTestId('fitted-anatomy').locator('tbody tr')).toHaveCount(COLUMNS, {
    timeout: 30_000,
  });
}

async function writeRow(page: Page, seed: number): Promise<string> {
  await page.getByLabel('Row seed').fill(String(seed));
  await page.getByRole('button', { name: 'Write one row' }).click();
  const steps = page.getByTestId('explain-step');
  await expect(steps).toHaveCount(COLUMNS, { timeout: 30_000 });
  await expect(page.getByTestId('written-row').locator('th')).toHaveCount(COLUMNS);
  return page.getByTestId('explain-steps').innerText();
}

test('ARGN: tokens per column, then one row with the predicted shares', async ({ page }) => {
  await train(page, 'ARGN');
  await expect(page.getByTestId('fitted-model')).toContainText('weights');
  const first = await writeRow(page, 3);
  const steps = page.getByTestId('explain-step');
  for (const step of await steps.all()) {
    const shares = step.getByTestId('token-probability');
    expect(await shares.count()).toBeGreaterThan(0);
    expect(await shares.count()).toBeLessThanOrEqual(5);
    const values = (await shares.allInnerTexts()).map((t) => Number(t.replace(/[%<\s]/g, '')));
    expect(values.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(102.5); // each share is rounded;
    await expect(step).toContainText(/Drawn: .+ → written: /);
  }
  // another seed writes another row; the first seed again writes the first row
  const list = page.getByTestId('explain-steps');
  await page.getByLabel('Row seed').fill('4');
  await page.getByRole('button', { name: 'Write one row' }).click();
  await expect(list).not.toHaveText(first, { useInnerText: true });
  await page.getByLabel('Row seed').fill('3');
  await page.getByRole('button', { name: 'Write one row' }).click();
  await expect(list).toHaveText(first, { useInnerText: true });
});

test('trees: tree sizes and protections, then one row down each tree', async ({ page }) => {
  await train(page, 'Sequential trees (CART)');
  await expect(page.getByTestId('protections')).toContainText('leaves of at least 20 rows');
  const first = await writeRow(page, 5);
  const steps = page.getByTestId('explain-step');
  await expect(steps.first()).toContainText('no split');
  // every later column's tree splits on the columns before it
  expect(await page.getByTestId('tree-path').count()).toBeGreaterThan(0);
  await expect(page.getByTestId('tree-path').first()).toContainText(/ (<=|>|in) /);
  for (const step of await steps.all()) await expect(step).toContainText(/a leaf of \d+/);
  await expect(page.getByTestId('fitted-model')).toContainText('never the donor');
  // another seed writes another row; the first seed again writes the first row
  const list = page.getByTestId('explain-steps');
  await page.getByLabel('Row seed').fill('6');
  await page.getByRole('button', { name: 'Write one row' }).click();
  await expect(list).not.toHaveText(first, { useInnerText: true });
  await page.getByLabel('Row seed').fill('5');
  await page.getByRole('button', { name: 'Write one row' }).click();
  await expect(list).toHaveText(first, { useInnerText: true });
});
