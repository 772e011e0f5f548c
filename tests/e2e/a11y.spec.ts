import { expect, test } from '@playwright/test';
import { violations } from './axe';

// An axe-core scan at WCAG 2.0 and 2.1, levels A and AA, finds nothing: on the empty page,
// with a table loaded (the data preview's scrolling grid is keyboard reachable), and after a
// short training run with its charts and results on screen.
test.describe.configure({ timeout: 240_000 });

test('the page has no WCAG 2.1 AA violation: empty, with a table, after training', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page.getByLabel('Try a demo data set')).toBeVisible();
  expect(await violations(page)).toEqual([]);

  await page.getByLabel('Try a demo data set').selectOption('penguins');
  await expect(page.getByTestId('read-summary')).toContainText('344 rows', { timeout: 30_000 });
  const grid = page.getByRole('table', { name: 'Data preview' });
  await expect(grid.getByRole('row').nth(1)).not.toContainText('…', { timeout: 30_000 });
  expect(await violations(page)).toEqual([]);

  // the scrolling grid is reached and scrolled by keyboard alone
  await grid.focus();
  await expect(grid).toBeFocused();
  await page.keyboard.press('PageDown');
  await expect.poll(() => grid.evaluate((e) => e.scrollTop)).toBeGreaterThan(0);

  await page.getByLabel('Model', { exact: true }).selectOption({ label: 'TVAE' });
  await page.getByLabel('Epochs', { exact: true }).fill('2');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByTestId('run-status')).toContainText('Training complete', {
    timeout: 150_000,
  });
  expect(await violations(page)).toEqual([]);

  // the pair heatmaps are canvases: named images, reached by keyboard, read out cell by cell
  await page.getByRole('tab', { name: 'Pair trends' }).click();
  const map = page.getByRole('img', { name: /^Real: \d+ by \d+ cells/ });
  await map.focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('.heatmap-readout').first()).toContainText(/ × .*: /);
  expect(await violations(page)).toEqual([]);
});
