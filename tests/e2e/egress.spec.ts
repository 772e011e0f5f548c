import { expect, test, type BrowserContext, type Page, type Request } from '@playwright/test';
import { readFileSync } from 'node:fs';

// Zero egress, proven: every request of a whole session (page, engine worker and service
// worker, all seen by the browser context) goes to the app's own origin, and the
// Content-Security-Policy refuses any other, in the page and in the worker.

test.describe.configure({ timeout: 240_000 });

interface Seen {
  url: string;
  method: string;
  /** Service worker requests (precaching) are reported by the context too. */
  byServiceWorker: boolean;
  hasBody: boolean;
  /** Why the browser did not complete it (e.g. net::ERR_BLOCKED_BY_CSP), or null. */
  failure: string | null;
}

/** Every request the context sees: the pages', their dedicated workers' and service workers'. */
function recordRequests(context: BrowserContext): Seen[] {
  const seen: Seen[] = [];
  const byRequest = new Map<Request, Seen>();
  context.on('request', (r) => {
    const s: Seen = {
      url: r.url(),
      method: r.method(),
      byServiceWorker: r.serviceWorker() !== null,
      hasBody: r.postDataBuffer() !== null,
      failure: null,
    };
    byRequest.set(r, s);
    seen.push(s);
  });
  context.on('requestfailed', (r) => {
    const s = byRequest.get(r);
    if (s) s.failure = r.failure()?.errorText ?? 'failed';
  });
  return seen;
}

/** Console lines in which Chromium reports a Content-Security-Policy refusal (page or worker). */
function recordViolations(page: Page): string[] {
  const lines: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) lines.push(m.text());
  });
  return lines;
}

/** Picks a model and 1 epoch of batch 40 (works with the model as radio buttons or a list). */
async function configure(page: Page, model: 'CTGAN' | 'TVAE', compute: string) {
  // The training panel is mounted a frame after the table is shown.
  await page.getByRole('button', { name: 'Train', exact: true }).waitFor();
  const picker = page.getByRole('combobox', { name: 'Model', exact: true });
  if ((await picker.count()) > 0) await picker.selectOption({ label: model });
  else await page.getByRole('radio', { name: new RegExp(`^${model}`) }).check();
  const batch = page.getByLabel('Batch size', { exact: true });
  if (!(await batch.isVisible())) {
    await page
      .locator('details summary', { hasText: /settings/i })
      .first()
      .click();
  }
  await page.getByLabel('Epochs', { exact: true }).fill('1');
  await batch.fill('40');
  await page.getByLabel('Compute', { exact: true }).selectOption(compute);
}

async function download(page: Page, button: string): Promise<string> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: button }).click(),
  ]);
  return readFileSync(await file.path(), 'utf8');
}

test('a whole session (demo, train on WebAssembly and WebGL, generate, export) stays on its own origin', async ({
  page,
  context,
  baseURL,
}) => {
  const origin = new URL(baseURL as string).origin;
  const seen = recordRequests(context);
  const violations = recordViolations(page);
  await page.goto('/');
  await page.getByLabel('Try a demo data set').selectOption('penguins');
  await expect(page.getByTestId('read-summary')).toContainText('344 rows', { timeout: 30_000 });

  await configure(page, 'TVAE', 'wasm');
  await page.getByRole('button', { name: 'Train' }).click();
  await expect(page.getByTestId('backend-badge')).toContainText('WebAssembly', { timeout: 60_000 });
  await expect(page.getByText('TVAE is trained')).toBeVisible({ timeout: 120_000 });
  await page.getByLabel('Rows to generate').fill('100');
  await page.getByRole('button', { name: 'Generate' }).click();
  await expect(page.getByTestId('generated-summary')).toContainText('100 synthetic rows', {
    timeout: 30_000,
  });
  const csv = await download(page, 'Download synthetic CSV');
  expect(csv.trim().split('\n')).toHaveLength(101);
  expect(await download(page, 'Download model')).toContain('"facsimile-model"');

  await configure(page, 'CTGAN', 'webgl');
  await page.getByRole('button', { name: 'Train' }).click();
  await expect(page.getByTestId('backend-badge')).toContainText('WebGL', { timeout: 60_000 });
  await expect(page.getByText('CTGAN is trained')).toBeVisible({ timeout: 150_000 });
  await page.getByRole('button', { name: 'Generate' }).click();
  await expect(page.getByTestId('generated-summary')).toContainText('100 synthetic rows', {
    timeout: 30_000,
  });
  expect((await download(page, 'Download synthetic CSV')).trim().split('\n')).toHaveLength(101);

  // The recorder saw the engine worker's own requests (the demo table, the wasm binary) ...
  const paths = seen.map((s) => new URL(s.url).pathname);
  expect(paths).toContain('/demo/penguins.csv');
  expect(paths.some((p) => /^\/wasm\/.+\.wasm$/.test(p))).toBe(true);
  expect(paths.some((p) => /^\/assets\/engine\.worker-.+\.js$/.test(p))).toBe(true);
  // ... and the service worker's own (caching the app for offline use on this first visit) ...
  expect(seen.some((s) => s.byServiceWorker)).toBe(true);
  // ... and every request went to the app's origin, to fetch, never to send.
  const elsewhere = seen.filter(
    (s) => !s.url.startsWith(`${origin}/`) && !/^(blob|data):/.test(s.url),
  );
  expect(elsewhere).toEqual([]);
  expect(seen.filter((s) => s.method !== 'GET' || s.hasBody)).toEqual([]);
  expect(violations).toEqual([]);
});

test('the Content-Security-Policy refuses other origins in the page and in the engine worker', async ({
  page,
  context,
}) => {
  const seen = recordRequests(context);
  await page.goto('/');
  const policy = await page
    .locator('meta[http-equiv="Content-Security-Policy"]')
    .getAttribute('content');
  expect(policy).toContain("connect-src 'self'");
  expect(policy).toContain("default-src 'self'");
  const tryFetch = (url: string) =>
    fetch(url).then(
      () => 'reached',
      () => 'refused',
    );
  expect(await page.evaluate(tryFetch, 'https://example.com/leak?x=1')).toBe('refused');
  expect(
    await page.evaluate(() => {
      const img = new Image();
      return new Promise<string>((resolve) => {
        img.onload = () => resolve('reached');
        img.onerror = () => resolve('refused');
        img.src = 'https://example.com/pixel.png';
      });
    }),
  ).toBe('refused');
  // The engine worker starts with the page; its script is served with the same policy.
  await expect.poll(() => page.workers().length, { timeout: 30_000 }).toBeGreaterThan(0);
  const worker = page.workers()[0];
  expect(await worker?.evaluate(tryFetch, 'https://example.com/leak?x=2')).toBe('refused');
  // Chromium announces the attempts, then refuses them before anything is sent.
  const attempts = seen.filter((s) => s.url.includes('example.com'));
  expect(attempts.length).toBeGreaterThan(0);
  for (const a of attempts) expect(a.failure).toMatch(/BLOCKED_BY_CSP|csp/i);
});
