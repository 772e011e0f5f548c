import { expect, test, type Page } from '@playwright/test';

// Cancelling a long job stops the engine's work within a second: the worker answers that it
// stopped ('cancelled', shown as a status, not an error), and the page can start the next job
// at once. A copula on the bird strikes demo (10,000 rows) keeps training short; a million
// rows make generation long, and 20,000 generated rows against 8,000 training rows make the
// privacy distances (and so the evaluation) long.
test.describe.configure({ timeout: 300_000 });

/**
 * Clicks `button` and returns the milliseconds, timed in the page, from the click to `shown`
 * being on the page: the worker stopped and answered, and the page said so. (Timed in the page,
 * so the test runner's own waits for the button do not count.)
 */
async function timeUntil(page: Page, button: string, shown: string): Promise<number> {
  await page.evaluate(
    ({ button, shown }) => {
      const w = window as unknown as { stopTime?: Promise<number> };
      w.stopTime = new Promise((resolve) => {
        let clicked = 0;
        const onClick = (e: Event) => {
          const target = e.target instanceof Element ? e.target.closest('button') : null;
          if (target?.textContent === button) clicked = performance.now();
        };
        document.addEventListener('click', onClick, { capture: true });
        const observer = new MutationObserver(() => {
          if (!clicked || !document.querySelector(`[data-testid="${shown}"]`)) return;
          observer.disconnect();
          document.removeEventListener('click', onClick, { capture: true });
          resolve(performance.now() - clicked);
        });
        observer.observe(document.body, { childList: true, subtree: true });
      });
    },
    { button, shown },
  );
  await page.getByRole('button', { name: button }).click();
  await expect(page.getByTestId(shown)).toBeVisible({ timeout: 10_000 });
  return page.evaluate(() => (window as unknown as { stopTime: Promise<number> }).stopTime);
}

/** Loads the bird strikes demo and trains the copula on it; returns the page errors seen. */
async function trainedCopula(page: Page): Promise<string[]> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  await page.getByLabel('Try a demo data set').selectOption('birdstrikes');
  await expect(page.getByTestId('read-summary')).toContainText('10,000 rows', { timeout: 60_000 });
  await page.getByLabel('Model', { exact: true }).selectOption({ label: 'Gaussian copula' });
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByRole('status').first()).toContainText('Training complete', {
    timeout: 120_000,
  });
  return errors;
}

test('a long generate and a long evaluate stop within a second of Cancel, and the next job runs', async ({
  page,
}) => {
  const errors = await trainedCopula(page);

  // a million rows: cancelled once the work is well under way
  await page.getByLabel('Rows to generate').fill('1000000');
  await page.getByRole('button', { name: 'Generate', exact: true }).click();
  const generating = page.getByRole('progressbar', { name: /Generating/ });
  await expect(generating).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(/[1-9][\d,]* of 1,000,000 rows/)).toBeVisible({ timeout: 60_000 });
  const generateStop = await timeUntil(page, 'Cancel generation', 'generate-cancelled');
  expect(generateStop).toBeLessThan(1000);
  await expect(page.getByTestId('generate-cancelled')).toHaveText(
    'Generation cancelled: no rows were kept.',
  );
  await expect(generating).toBeHidden();
  await expect(page.getByTestId('generated-summary')).toHaveCount(0);
  await expect(page.locator('.alert-error')).toHaveCount(0);

  // the engine is free at once: the next generation starts and finishes
  await page.getByLabel('Rows to generate').fill('20000');
  await page.getByRole('button', { name: 'Generate', exact: true }).click();
  await expect(page.getByTestId('generated-summary')).toContainText('20,000 synthetic rows', {
    timeout: 60_000,
  });

  // an evaluation cancelled in its longest part, the privacy distances
  await page.getByRole('button', { name: 'Evaluate', exact: true }).click();
  await expect(page.getByRole('progressbar', { name: /Evaluating: privacy/ })).toBeVisible({
    timeout: 60_000,
  });
  const evaluateStop = await timeUntil(page, 'Cancel evaluation', 'evaluate-cancelled');
  expect(evaluateStop).toBeLessThan(1000);
  await expect(page.getByTestId('evaluation-report')).toHaveCount(0);
  await expect(page.locator('.alert-error')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Evaluate', exact: true })).toBeEnabled();

  // and the engine answers the next job at once
  await page.getByLabel('Rows to generate').fill('300');
  const started = Date.now();
  await page.getByRole('button', { name: 'Generate', exact: true }).click();
  await expect(page.getByTestId('generated-summary')).toContainText('300 synthetic rows');
  expect(Date.now() - started).toBeLessThan(5000);
  expect(errors).toEqual([]);
  console.log(
    `cancel: generate stopped in ${Math.round(generateStop)} ms, evaluate in ${Math.round(evaluateStop)} ms`,
  );
});

test('the privacy attacks stop within a second of Cancel, with the report kept', async ({
  page,
}) => {
  const errors = await trainedCopula(page);
  await page.getByLabel('Rows to generate').fill('5000');
  await page.getByRole('button', { name: 'Generate', exact: true }).click();
  await expect(page.getByTestId('generated-summary')).toContainText('5,000 synthetic rows', {
    timeout: 60_000,
  });
  await page.getByRole('button', { name: 'Evaluate', exact: true }).click();
  await expect(page.getByTestId('evaluation-report')).toBeVisible({ timeout: 180_000 });

  await page.getByRole('button', { name: 'Run the attacks' }).click();
  await expect(page.getByRole('progressbar', { name: /Attacking/ })).toBeVisible({
    timeout: 30_000,
  });
  const attackStop = await timeUntil(page, 'Cancel the attacks', 'attacks-cancelled');
  expect(attackStop).toBeLessThan(1000);
  await expect(page.getByTestId('attacks-cancelled')).toHaveText(
    'Attacks cancelled: nothing was attacked.',
  );
  await expect(page.getByTestId('attack-risks')).toHaveCount(0);
  await expect(page.getByTestId('evaluation-report')).toBeVisible();
  await expect(page.locator('.alert-error')).toHaveCount(0);
  // the engine answers the next job at once
  await page.getByLabel('Rows to generate').fill('300');
  await page.getByRole('button', { name: 'Generate', exact: true }).click();
  await expect(page.getByTestId('generated-summary')).toContainText('300 synthetic rows');
  expect(errors).toEqual([]);
  console.log(`cancel: attacks stopped in ${Math.round(attackStop)} ms`);
});
