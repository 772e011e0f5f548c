import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

async function loadFixture(page: Page, name: string) {
  await page.getByLabel('Load CSV').setInputFiles(fixture(name));
  await expect(page.getByTestId('read-summary')).toContainText(name);
}

async function kindOf(page: Page, column: string): Promise<string> {
  return page.getByLabel(`${column} type`, { exact: true }).inputValue();
}

test.beforeEach(async ({ page }) => {
  page.on('pageerror', (e) => {
    throw e;
  });
  await page.goto('/');
});

test('loading a fixture through "Load CSV" shows the right kind for every column', async ({
  page,
}) => {
  await loadFixture(page, 'kinds.csv');
  await expect(page.getByTestId('read-summary')).toContainText('60 rows × 11 columns');
  const expected: Record<string, string> = {
    id: 'identifier',
    customer_code: 'identifier',
    age: 'integer',
    income: 'continuous',
    city: 'categorical',
    member: 'boolean',
    signup: 'datetime',
    last_visit: 'datetime',
    comment: 'text',
    country: 'constant',
    score: 'integer',
  };
  for (const [column, kind] of Object.entries(expected)) {
    expect(await kindOf(page, column), column).toBe(kind);
  }
  // The missing share of `score` (6 of 60 are NA) is shown.
  await expect(page.locator('tr[data-column="score"]')).toContainText('10%');
});

test('overriding a kind sticks, and is remembered when the same header is loaded again', async ({
  page,
}) => {
  await loadFixture(page, 'kinds.csv');
  await page.getByLabel('score type', { exact: true }).selectOption('categorical');
  await expect(page.getByRole('article', { name: 'score summary' })).toContainText('Categorical');
  expect(await kindOf(page, 'score')).toBe('categorical');
  // Loading the file again keeps the user's choice (IndexedDB), even after a reload.
  await page.reload();
  await loadFixture(page, 'kinds.csv');
  expect(await kindOf(page, 'score')).toBe('categorical');
  expect(await kindOf(page, 'age')).toBe('integer');
});

test('a broken file shows an alert and the page keeps working', async ({ page }) => {
  await page.getByLabel('Load CSV').setInputFiles({
    name: 'photo.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48]),
  });
  await expect(page.getByRole('alert')).toContainText('PNG image');
  // The page still works: a good file loads afterwards.
  await loadFixture(page, 'kinds.csv');
  expect(await kindOf(page, 'age')).toBe('integer');
  // A bad file after a good one keeps the good table.
  await page
    .getByLabel('Load CSV')
    .setInputFiles({ name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.alloc(0) });
  await expect(page.getByRole('alert').filter({ hasText: 'empty' })).toBeVisible();
  await expect(page.getByText('The table you had loaded before is still here.')).toBeVisible();
  expect(await kindOf(page, 'age')).toBe('integer');
});

test('each bad input gets its own message in an alert', async ({ page }) => {
  const cases: { name: string; body: string | Buffer; says: RegExp }[] = [
    { name: 'header-only.csv', body: 'a,b,c\n', says: /header .* but no rows/ },
    { name: 'binary.csv', body: Buffer.from([1, 2, 0, 0, 5, 6, 7, 0, 9]), says: /binary data/ },
    {
      name: 'wide.csv',
      body:
        Array.from({ length: 600 }, (_, i) => `c${i}`).join(',') + '\n' + '1,'.repeat(599) + '1\n',
      says: /600 columns/,
    },
    { name: 'one-column.csv', body: 'name\nAda\nGrace\nAlan\n', says: /Only one column/ },
  ];
  for (const c of cases) {
    await page.getByLabel('Load CSV').setInputFiles({
      name: c.name,
      mimeType: 'text/csv',
      buffer: typeof c.body === 'string' ? Buffer.from(c.body) : c.body,
    });
    await expect(page.getByRole('alert').filter({ hasText: c.says })).toBeVisible();
  }
});

test('every demo data set is one pick away and loads', async ({ page }) => {
  const picker = page.getByLabel('Try a demo data set');
  const options = await picker
    .locator('option')
    .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
  expect(options.length).toBeGreaterThanOrEqual(3);
  for (const id of options) {
    await picker.selectOption(id);
    await expect(page.getByTestId('read-summary')).toContainText(`${id}.csv`);
  }
});

test('the preview grid shows rows fetched from the worker', async ({ page }) => {
  await loadFixture(page, 'kinds.csv');
  const grid = page.getByRole('table', { name: 'Data preview' });
  const firstRow = readFileSync(fixture('kinds.csv'), 'utf8').split('\n')[1]?.split(',') ?? [];
  await expect(grid.getByRole('row').nth(1)).toContainText(firstRow[1] ?? 'missing');
});
