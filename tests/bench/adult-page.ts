import type { Page } from '@playwright/test';

/**
 * The page with adult loaded, the Gaussian copula trained on it and 20,000 rows generated
 * (what the browser privacy benches evaluate and attack). `holdoutPercent` sets the holdout
 * first when given.
 */
export async function copulaOnAdult(
  page: Page,
  adult: string,
  holdoutPercent?: number,
): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Load CSV').setInputFiles(adult);
  await page.getByTestId('read-summary').waitFor({ timeout: 120_000 });
  if (holdoutPercent !== undefined)
    await page.getByLabel('Holdout (%)').fill(String(holdoutPercent));
  await page.getByLabel('Model', { exact: true }).selectOption({ label: 'Gaussian copula' });
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await page
    .getByText(/Training complete/)
    .first()
    .waitFor({ timeout: 300_000 });
  await page.getByLabel('Rows to generate').fill('20000');
  await page.getByRole('button', { name: 'Generate', exact: true }).click();
  await page.getByTestId('generated-summary').waitFor({ timeout: 300_000 });
}
