import { expect, test } from '@playwright/test';
import { violations } from './axe';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// MST under differential privacy in the page: a budget too small for the table, or not a
// budget at all, is refused in words and trains nothing; with the penguins' ranges and levels
// imported as public facts (SDV metadata), epsilon 1 trains, and the evaluation report and its
// exports state the budget spent (at most 1), part by part.
test.describe.configure({ timeout: 240_000 });

const METADATA = fileURLToPath(
  new URL('../fixtures/dp/penguins-sdv-metadata.json', import.meta.url),
);

test('MST at epsilon 1 in the page: refused without public facts, trained with them, budget in the report', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByLabel('Try a demo data set').selectOption('penguins');
  await expect(page.getByTestId('read-summary')).toContainText('344 rows', { timeout: 30_000 });
  await page
    .getByLabel('Model', { exact: true })
    .selectOption({ label: 'MST (differential privacy)' });
  const dp = page.getByTestId('dp-settings');
  await expect(dp).toBeVisible();
  const train = page.getByRole('button', { name: 'Train', exact: true });
  // the default delta for the 275 training rows is shown
  await expect(page.getByTestId('dp-delta')).toContainText('Default for 275 training rows: 1e-5');

  // epsilon 1 with every range and level read under DP: too small for 275 rows, in words
  await expect(dp.getByLabel('Epsilon')).toHaveValue('1');
  const problem = page.getByTestId('dp-problem');
  await expect(problem).toContainText('Epsilon 1 is too small for this table');
  await expect(problem).toContainText(/would need epsilon of about \d+(\.\d+)? in all/);
  await expect(train).toBeDisabled();
  // the setting, its refusal and the per-column facts pass the accessibility scan
  await dp.getByText('Public facts per column').click();
  await expect(dp.getByLabel('Public levels of Species')).toBeVisible();
  expect(await violations(page)).toEqual([]);
  // not a budget at all
  await dp.getByLabel('Epsilon').fill('0');
  await expect(problem).toContainText('Epsilon must be a number above 0');
  await expect(train).toBeDisabled();
  await dp.getByLabel('Epsilon').fill('1');
  await dp.getByLabel('Delta').fill('1');
  await expect(problem).toContainText('Delta must be');
  await expect(train).toBeDisabled();
  await dp.getByLabel('Delta').fill('');

  // public facts from SDV metadata: the whole budget goes to the marginals
  await page.getByLabel('Import public facts (JSON or SDV metadata)').setInputFiles(METADATA);
  await expect(page.getByTestId('dp-facts-summary')).toContainText('7 of 7 modelled columns');
  await expect(problem).toHaveCount(0);
  const split = page.getByRole('table', { name: 'Budget split' });
  await expect(split).toContainText('Marginals');
  await expect(split).not.toContainText('Preprocessing');
  await expect(train).toBeEnabled();

  await train.click();
  await expect(page.getByRole('status').first()).toContainText('Training complete', {
    timeout: 120_000,
  });
  const spent = Number(await page.getByTestId('dp-spent').getAttribute('data-epsilon'));
  expect(spent).toBeGreaterThan(0.99);
  expect(spent).toBeLessThanOrEqual(1);
  await expect(page.getByTestId('dp-spent')).toContainText('of 1 asked');

  await page.getByLabel('Rows to generate').fill('400');
  await page.getByRole('button', { name: 'Generate', exact: true }).click();
  await expect(page.getByTestId('generated-summary')).toContainText('400 synthetic rows', {
    timeout: 60_000,
  });
  await page.getByLabel('Target column').selectOption('Species');
  await page.getByRole('button', { name: 'Evaluate', exact: true }).click();
  const report = page.getByTestId('evaluation-report');
  await expect(report).toBeVisible({ timeout: 120_000 });
  const statement = page.getByTestId('privacy-guarantee');
  await expect(statement).toContainText('trained with differential privacy: it spent epsilon =');
  await expect(statement).toContainText('MST: noisy 1-way marginals');
  expect(Number(await statement.getAttribute('data-epsilon'))).toBeLessThanOrEqual(1);
  expect(await violations(page)).toEqual([]);

  const [jsonFile] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download figures (JSON)' }).click(),
  ]);
  const json = JSON.parse(readFileSync(await jsonFile.path(), 'utf8')) as {
    epsilon: number;
    differentialPrivacy: { epsilon: number; delta: number; parts: { mechanism: string }[] };
    privacyGuarantee: string;
  };
  expect(json.epsilon).toBe(spent);
  expect(json.differentialPrivacy.delta).toBeLessThanOrEqual(1e-5);
  expect(json.differentialPrivacy.parts.map((p) => p.mechanism)).toEqual(['gaussian-zcdp']);
  expect(json.privacyGuarantee).toMatch(/differential privacy: it spent epsilon = /);
  const [htmlFile] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download report (HTML)' }).click(),
  ]);
  const html = readFileSync(await htmlFile.path(), 'utf8');
  expect(html).toContain('<h3>Differential privacy</h3>');
  expect(html).toMatch(/it spent epsilon = (0\.9999|1\.000)/);
});
