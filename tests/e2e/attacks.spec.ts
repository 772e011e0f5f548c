import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';

// The privacy attacks run from the Evaluate panel in the engine worker: bad settings get a clear
// message and leave the report as it was; good ones give the three risks, one sentence each,
// and the downloaded HTML report is headed by them.
test.describe.configure({ timeout: 240_000 });

test('the Evaluate panel runs the three privacy attacks and the HTML report shows the risks', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByLabel('Try a demo data set').selectOption('penguins');
  await expect(page.getByTestId('read-summary')).toContainText('344 rows', { timeout: 30_000 });
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
  const overall = await page.getByTestId('quality-overall').getAttribute('data-value');

  // the holdout has 69 rows: the default asks for no more
  const count = page.getByLabel('Attacks of each kind');
  await expect(count).toHaveValue('69');

  // too many attacks: a clear message, and the rest of the report stays
  await count.fill('500');
  await page.getByRole('button', { name: 'Run the attacks' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'holdout has 69 rows' })).toBeVisible({
    timeout: 60_000,
  });
  await expect(page.getByTestId('quality-overall')).toHaveAttribute('data-value', overall ?? '');

  await count.fill('60');
  await page.getByLabel('Secret columns').selectOption(['Species', 'Body Mass (g)']);
  await page.getByRole('button', { name: 'Run the attacks' }).click();
  const risks = page.getByTestId('attack-risk');
  await expect(risks).toHaveCount(4, { timeout: 120_000 });
  await expect(risks.nth(0)).toContainText('Singling out');
  await expect(risks.nth(1)).toContainText('Linkability');
  await expect(risks.nth(2)).toContainText('Inference of Species');
  await expect(risks.nth(3)).toContainText('Inference of Body Mass (g)');
  await expect(risks.nth(2)).toContainText('more often than chance would allow');
  await expect(page.getByTestId('privacy-guarantee')).toContainText('No formal privacy guarantee');
  const shown = await risks.evaluateAll((items) => items.map((i) => i.getAttribute('data-risk')));

  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download report (HTML)' }).click(),
  ]);
  const html = readFileSync(await file.path(), 'utf8');
  const privacy = html.slice(html.indexOf('<h2>Privacy</h2>'));
  expect(privacy).toContain(
    '<strong>Singling out</strong>: An attacker holding the synthetic table',
  );
  expect(privacy).toContain(
    '<strong>Linkability</strong>: An attacker holding the synthetic table',
  );
  expect(privacy).toContain(
    '<strong>Inference of Species</strong>: An attacker holding the synthetic table and',
  );
  expect(privacy).toContain('No formal privacy guarantee');
  // the risks come before the distances
  expect(privacy.indexOf('Singling out')).toBeLessThan(
    privacy.indexOf('Distances to the training rows'),
  );
  const json = JSON.parse(
    html.slice(
      html.indexOf('{', html.indexOf('id="facsimile-report"')),
      html.lastIndexOf('</script>'),
    ),
  ) as {
    privacyAttacks: { singlingOut: { risk: number }; inference: Record<string, { risk: number }> };
  };
  expect(String(json.privacyAttacks.singlingOut.risk)).toBe(shown[0]);
  expect(Object.keys(json.privacyAttacks.inference)).toEqual(['Species', 'Body Mass (g)']);
});
