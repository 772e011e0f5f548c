import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';

// The evaluation report after a training run: quality, privacy, utility and detection are shown,
// and the downloaded HTML report opens with the network off and shows the same numbers.
test.describe.configure({ timeout: 240_000 });

test('a run is evaluated in the page and the HTML report shows the same figures offline', async ({
  page,
  browser,
}) => {
  await page.goto('/');
  await page.getByLabel('Try a demo data set').selectOption('penguins');
  await expect(page.getByTestId('read-summary')).toContainText('344 rows', { timeout: 30_000 });
  await expect(page.getByLabel('Holdout (%)')).toHaveValue('20');
  await expect(page.getByTestId('holdout-hint')).toContainText('69 rows are set aside');
  await page.getByLabel('Model', { exact: true }).selectOption({ label: 'Gaussian copula' });
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByRole('status').first()).toContainText('Training complete', {
    timeout: 120_000,
  });
  await page.getByLabel('Rows to generate').fill('400');
  await page.getByRole('button', { name: 'Generate', exact: true }).click();
  await expect(page.getByTestId('generated-summary')).toContainText('400 synthetic rows', {
    timeout: 60_000,
  });

  await page.getByLabel('Target column').selectOption('Species');
  await page.getByRole('button', { name: 'Evaluate', exact: true }).click();
  const report = page.getByTestId('evaluation-report');
  await expect(report).toBeVisible({ timeout: 120_000 });
  // every part is there
  await expect(report.getByRole('heading', { name: 'Quality' })).toBeVisible();
  await expect(report.getByRole('heading', { name: 'Privacy' })).toBeVisible();
  await expect(report.getByRole('heading', { name: /Utility/ })).toBeVisible();
  await expect(report.getByRole('heading', { name: 'Detection' })).toBeVisible();
  await expect(report.getByRole('table', { name: 'Utility' })).toContainText('Logistic regression');
  await expect(report.getByRole('table', { name: 'Utility' })).toContainText(
    'Gradient-boosted trees',
  );
  await expect(page.getByTestId('privacy-verdict')).not.toBeEmpty();

  const overall = Number(await page.getByTestId('quality-overall').getAttribute('data-value'));
  const auc = Number(await page.getByTestId('detection-auc').getAttribute('data-value'));
  const copies = Number(await page.getByTestId('privacy-copies').getAttribute('data-value'));
  expect(overall).toBeGreaterThan(0.5);
  expect(overall).toBeLessThanOrEqual(1);
  expect(auc).toBeGreaterThanOrEqual(0);
  expect(auc).toBeLessThanOrEqual(1);

  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download report (HTML)' }).click(),
  ]);
  const html = readFileSync(await file.path(), 'utf8');
  const [jsonFile] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download figures (JSON)' }).click(),
  ]);
  const json = JSON.parse(readFileSync(await jsonFile.path(), 'utf8')) as {
    quality: { overall: number };
    detection: { auc: number };
    seed: number;
  };
  expect(json.quality.overall).toBeCloseTo(overall, 10);
  expect(json.detection.auc).toBeCloseTo(auc, 10);
  expect(typeof json.seed).toBe('number');

  // the report opens with the network off: no request at all, and the same figures
  const offline = await browser.newContext({ offline: true });
  const view = await offline.newPage();
  const requests: string[] = [];
  view.on('request', (r) => {
    if (!r.url().startsWith('data:') && r.url() !== 'about:blank') requests.push(r.url());
  });
  await view.setContent(html, { waitUntil: 'load' });
  const text = (await view.locator('body').innerText()).replace(/\s+/g, ' ');
  expect(text).toContain(overall.toFixed(3));
  expect(text).toContain(auc.toFixed(3));
  expect(text).toContain(`${copies} (`);
  expect(await view.locator('svg').count()).toBeGreaterThan(0);
  expect(requests).toEqual([]);
  await offline.close();
});
