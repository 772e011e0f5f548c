import { expect, test, type Page } from '@playwright/test';

// The Privacy panel (src/features/privacy/PrivacyPanel.tsx), once mounted in App.tsx. It relies
// on: the region named "Privacy", the test id "privacy-summary", the buttons "Forget
// everything" and "Yes, forget everything", and the details "Request log". Until the panel is
// mounted these tests are skipped, and say so.

test.describe.configure({ timeout: 180_000 });

async function panelOrSkip(page: Page) {
  const panel = page.getByRole('region', { name: 'Privacy' });
  await page.getByRole('heading', { name: 'Facsimile', level: 1 }).waitFor();
  test.skip((await panel.count()) === 0, 'The Privacy panel is not mounted in App.tsx yet.');
  return panel;
}

async function loadPenguins(page: Page) {
  await page.getByLabel('Try a demo data set').selectOption('penguins');
  await expect(page.getByTestId('read-summary')).toContainText('344 rows', { timeout: 30_000 });
}

test('the Privacy panel shows that no request left for another site', async ({ page }) => {
  await page.goto('/');
  const panel = await panelOrSkip(page);
  await loadPenguins(page);
  const summary = panel.getByTestId('privacy-summary');
  await expect(summary).toContainText('0 requests left for another site');
  const count = Number(/All (\d+) requests/.exec((await summary.textContent()) ?? '')?.[1]);
  expect(count).toBeGreaterThan(1);
  await panel.getByText(/^Request log/).click();
  const log = panel.getByRole('table', { name: 'Requests made by this page' });
  await expect(log.getByRole('row', { name: /\/assets\/index-.+\.js/ })).toHaveCount(1);
  // A request the policy refuses is shown too, never hidden.
  await page.evaluate(() => fetch('https://example.com/x').catch(() => undefined));
  await panel.getByRole('button', { name: 'Refresh request log' }).click();
  await expect(summary).toContainText(
    'blocked attempts to reach 1 other address: https://example.com/x',
  );
});

test("Forget everything empties IndexedDB and Cache Storage and the engine's memory", async ({
  page,
}) => {
  await page.goto('/');
  const panel = await panelOrSkip(page);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
    timeout: 90_000,
  });
  await loadPenguins(page);
  // Something of the user's in each store: a remembered column choice, a marker in the cache.
  await page.getByLabel('Island type').selectOption({ label: 'Free text' });
  // ...and a trained model in the engine's memory (its tensors are in the run log)
  await page.getByLabel('Model', { exact: true }).selectOption({ label: 'TVAE' });
  await page.locator('.settings summary').click();
  await page.getByLabel('Compute', { exact: true }).selectOption('wasm');
  await page.getByLabel('Epochs', { exact: true }).fill('2');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByTestId('run-status')).toContainText('Training complete', {
    timeout: 120_000,
  });
  await page.locator('.run-log summary').click();
  const liveTensors = Number(
    await page.getByTestId('run-log').locator('tbody tr td:nth-child(3)').last().textContent(),
  );
  expect(liveTensors).toBeGreaterThan(0);
  await page.evaluate(async () => {
    const name = (await caches.keys())[0] as string;
    await (await caches.open(name)).put('/forget-marker', new Response('x'));
    localStorage.setItem('facsimile-test', 'x');
  });
  const stored = () =>
    page.evaluate(async () => {
      const names = (await indexedDB.databases()).map((d) => d.name ?? '');
      let records = 0;
      for (const name of names) {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const r = indexedDB.open(name);
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
        for (const store of [...db.objectStoreNames]) {
          const tx = db.transaction(store, 'readonly');
          records += await new Promise<number>((resolve) => {
            const c = tx.objectStore(store).count();
            c.onsuccess = () => resolve(c.result);
          });
        }
        db.close();
      }
      const cachesHold = await Promise.all(
        (await caches.keys()).map(
          async (n) => !!(await (await caches.open(n)).match('/forget-marker')),
        ),
      );
      return {
        records,
        marker: cachesHold.some(Boolean),
        local: localStorage.length,
      };
    });
  await expect.poll(async () => (await stored()).records, { timeout: 10_000 }).toBeGreaterThan(0);
  expect(await stored()).toMatchObject({ marker: true, local: 1 });

  await panel.getByRole('button', { name: 'Forget everything' }).click();
  await Promise.all([
    page.waitForEvent('load'),
    panel.getByRole('button', { name: 'Yes, forget everything' }).click(),
  ]);
  await expect(
    page.getByRole('region', { name: 'Privacy' }).getByTestId('forgotten'),
  ).toContainText('Everything this page kept was forgotten');
  // the engine let go of every tensor and of the table before the reload
  await expect(page.getByTestId('forgotten')).toContainText(
    '0 tensors (0 B) and 0 table rows were left.',
  );
  await expect(page.getByTestId('read-summary')).toHaveCount(0);
  expect(await stored()).toEqual({ records: 0, marker: false, local: 0 });
});
