import { expect, test, type Locator, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

test.describe.configure({ timeout: 180_000 });

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
const root = fileURLToPath(new URL('../../', import.meta.url));
/** The README's screenshots, rewritten by every run. */
const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));

async function shot(page: Page, region: Locator, file: string) {
  await page.mouse.move(0, 0);
  mkdirSync(SHOTS, { recursive: true });
  await region.screenshot({ path: `${SHOTS}${file}`, animations: 'disabled' });
}

/** A CSV of plain cells (no quotes or commas inside a cell), as rows of strings. */
function parseCsv(text: string): { header: string[]; rows: string[][] } {
  const lines = text.trim().split(/\r?\n/);
  const header = (lines[0] ?? '').split(',');
  return { header, rows: lines.slice(1).map((l) => l.split(',')) };
}

function column(csv: { header: string[]; rows: string[][] }, name: string): string[] {
  const i = csv.header.indexOf(name);
  expect(i, `column ${name}`).toBeGreaterThanOrEqual(0);
  return csv.rows.map((r) => r[i] as string);
}

async function loadOrders(page: Page) {
  await page.goto('/');
  await page.getByLabel('Load CSV').setInputFiles(fixture('rules/orders.csv'));
  await expect(page.getByTestId('read-summary')).toContainText('orders.csv');
  await expect(page.getByTestId('read-summary')).toContainText('60 rows');
}

async function trainCopula(page: Page) {
  await page.getByLabel('Model', { exact: true }).selectOption({ label: 'Gaussian copula' });
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByRole('status')).toContainText('Gaussian copula is trained', {
    timeout: 120_000,
  });
}

async function download(page: Page, button: Locator): Promise<{ path: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const path = await file.path();
  return { path, text: readFileSync(path, 'utf8') };
}

/** Mean, standard deviation and share of each category, checked against a rules spec. */
function expectMatchesSpec(csv: { header: string[]; rows: string[][] }, n: number) {
  expect(csv.header).toEqual(['height', 'segment']);
  expect(csv.rows).toHaveLength(n);
  const heights = column(csv, 'height').map(Number);
  expect(heights.every(Number.isFinite)).toBe(true);
  const mean = heights.reduce((s, x) => s + x, 0) / n;
  const sd = Math.sqrt(heights.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
  // Standard errors of a normal's sample mean (sd / sqrt n) and sample sd (sd / sqrt 2n).
  expect(Math.abs(mean - 170)).toBeLessThan((4 * 10) / Math.sqrt(n));
  expect(Math.abs(sd - 10)).toBeLessThan((4 * 10) / Math.sqrt(2 * n));
  const segments = column(csv, 'segment');
  const weights: Record<string, number> = { basic: 0.6, plus: 0.3, premium: 0.1 };
  expect(new Set(segments)).toEqual(new Set(Object.keys(weights)));
  for (const [value, p] of Object.entries(weights)) {
    const share = segments.filter((s) => s === value).length / n;
    expect(Math.abs(share - p), value).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
  }
}

test.beforeEach(({ page }) => {
  page.on('pageerror', (e) => {
    throw e;
  });
});

test('rules written in the page are checked on the data, and every exported row keeps them', async ({
  page,
}) => {
  await loadOrders(page);
  const rules = page.getByRole('region', { name: /Rules every synthetic row keeps/ });
  await rules.getByLabel('Rule type').selectOption({ label: 'One column not above another' });
  await rules.getByLabel('Low column').selectOption('order_date');
  await rules.getByLabel('High column').selectOption('ship_date');
  await rules.getByRole('button', { name: 'Add rule' }).click();
  await rules.getByLabel('Rule type').selectOption({ label: 'Fixed combinations' });
  const combine = rules.getByRole('group', { name: 'Columns to combine' });
  await combine.getByLabel('city', { exact: true }).check();
  await combine.getByLabel('country', { exact: true }).check();
  await rules.getByRole('button', { name: 'Add rule' }).click();
  // A rule 13 of the 60 real rows break (quantity goes up to 12).
  await rules.getByLabel('Rule type').selectOption({ label: 'Range' });
  await rules.getByLabel('Column', { exact: true }).selectOption('quantity');
  await rules.getByLabel('Maximum').fill('10');
  await rules.getByRole('button', { name: 'Add rule' }).click();

  await rules.getByRole('button', { name: 'Check against the data' }).click();
  const items = rules.getByRole('list', { name: 'Rules' }).getByRole('listitem');
  await expect(items).toHaveCount(3);
  await expect(items.nth(0)).toContainText('order_date <= ship_date');
  await expect(items.nth(0)).toContainText('OK');
  await expect(items.nth(1)).toContainText('OK');
  await expect(items.nth(1)).toContainText('6 combinations occur');
  await expect(items.nth(2)).toContainText('13 rows break this');
  await expect(items.nth(2)).toContainText('quantity = 11');
  await shot(page, rules, 'rules-check.png');
  await rules.getByRole('button', { name: 'Remove rule quantity <= 10' }).click();
  await expect(items).toHaveCount(2);

  await trainCopula(page);
  await expect(page.getByTestId('constraint-summary')).toContainText('order_date <= ship_date');
  await page.getByLabel('Rows to generate').fill('400');
  await page.getByRole('button', { name: 'Generate', exact: true }).click();
  await expect(page.getByTestId('generated-summary')).toContainText('400 synthetic rows');
  const { text } = await download(
    page,
    page.getByRole('button', { name: 'Download synthetic CSV' }),
  );
  const out = parseCsv(text);
  expect(out.rows).toHaveLength(400);
  const real = parseCsv(readFileSync(fixture('rules/orders.csv'), 'utf8'));
  const realCombos = new Set(
    real.rows.map((_, r) => `${column(real, 'city')[r]}|${column(real, 'country')[r]}`),
  );
  const [orderDate, shipDate, city, country] = ['order_date', 'ship_date', 'city', 'country'].map(
    (name) => column(out, name),
  ) as [string[], string[], string[], string[]];
  for (let r = 0; r < out.rows.length; r += 1) {
    const a = orderDate[r] as string;
    const b = shipDate[r] as string;
    expect(a, `row ${r + 1}`).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(b, `row ${r + 1}`).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(a <= b, `row ${r + 1}: ${a} <= ${b}`).toBe(true);
    expect(
      realCombos.has(`${city[r]}|${country[r]}`),
      `row ${r + 1}: ${city[r]}, ${country[r]}`,
    ).toBe(true);
  }
  // The model learned more than one combination (the rule does not collapse the table).
  expect(new Set(city).size).toBeGreaterThan(2);
});

test('generating only rows of a rare category gives that category, as many rows as asked', async ({
  page,
}) => {
  await loadOrders(page);
  await trainCopula(page);
  const panel = page.getByRole('region', { name: /Generate synthetic rows/ });
  await panel.getByRole('button', { name: 'Add condition' }).click();
  await panel.getByLabel('Condition 1 column').selectOption('city');
  // Oslo is 3 of the 60 real rows.
  await panel.getByLabel('Condition 1 value').selectOption('Oslo');
  await page.getByLabel('Rows to generate').fill('150');
  await page.getByRole('button', { name: 'Generate', exact: true }).click();
  await expect(page.getByTestId('generated-summary')).toContainText('150 synthetic rows');
  const { text } = await download(
    page,
    page.getByRole('button', { name: 'Download synthetic CSV' }),
  );
  const out = parseCsv(text);
  expect(out.rows).toHaveLength(150);
  expect(new Set(column(out, 'city'))).toEqual(new Set(['Oslo']));

  // A value the model all but never writes: the rows found come back, with a message that says so.
  await panel.getByLabel('Condition 1 column').selectOption('subtotal');
  await panel.getByLabel('Condition 1 value').fill('123.45');
  await page.getByRole('button', { name: 'Generate', exact: true }).click();
  await expect(panel.getByRole('alert')).toContainText('Fewer rows than asked for', {
    timeout: 90_000,
  });
  await expect(panel.getByRole('alert')).toContainText('Only');
  await expect(page.getByTestId('generated-summary')).not.toContainText('150 synthetic rows');
});

test('a table made from rules alone, in the page and with the CLI, matches its rules', async ({
  page,
}) => {
  await page.goto('/');
  const panel = page.getByRole('region', { name: 'Rules without data' });
  await panel.getByRole('button', { name: 'Make a table from rules' }).click();
  await panel.getByLabel('Column name').fill('height');
  await panel.getByLabel('Column type').selectOption({ label: 'Normal (mean and spread)' });
  await panel.getByLabel('Mean').fill('170');
  await panel.getByLabel('Standard deviation').fill('10');
  await panel.getByLabel('Decimals').fill('3');
  await panel.getByRole('button', { name: 'Add column' }).click();
  await panel.getByLabel('Column name').fill('segment');
  await panel.getByLabel('Column type').selectOption({ label: 'Categories with weights' });
  await panel.getByLabel('Values (comma-separated)').fill('basic, plus, premium');
  await panel.getByLabel('Weights (comma-separated)').fill('6, 3, 1');
  await panel.getByRole('button', { name: 'Add column' }).click();
  await expect(
    panel.getByRole('list', { name: 'Table columns' }).getByRole('listitem'),
  ).toHaveCount(2);
  const n = 2000;
  await panel.getByLabel('Number of rows').fill(String(n));
  await panel.getByRole('button', { name: 'Make rows' }).click();
  await expect(panel.getByTestId('rules-table-summary')).toContainText('2,000 rows made');
  await expect(panel.getByRole('table', { name: 'Rules table preview' })).toContainText('segment');
  await shot(page, panel, 'rules-without-data.png');
  const made = await download(page, panel.getByRole('button', { name: 'Download table (CSV)' }));
  expectMatchesSpec(parseCsv(made.text), n);

  // The same spec, exported from the page, through the command line.
  const spec = await download(
    page,
    panel.getByRole('button', { name: 'Export table rules (JSON)' }),
  );
  expect(JSON.parse(spec.text)).toMatchObject({ format: 'facsimile-spec', version: 1 });
  const dir = mkdtempSync(join(tmpdir(), 'rules-e2e-'));
  try {
    const out = join(dir, 'out.csv');
    execFileSync(
      'npx',
      ['tsx', 'src/cli/synth.ts', '--rules', spec.path, '--rows', String(n), '--out', out],
      { cwd: root, stdio: 'pipe', timeout: 120_000 },
    );
    expectMatchesSpec(parseCsv(readFileSync(out, 'utf8')), n);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('SDV constraint lists and metadata come in and go out unchanged', async ({ page }) => {
  await loadOrders(page);
  const rules = page.getByRole('region', { name: /Rules every synthetic row keeps/ });
  await rules
    .getByLabel('Import rules (JSON)')
    .setInputFiles(fixture('rules/sdv-constraints.json'));
  const items = rules.getByRole('list', { name: 'Rules' }).getByRole('listitem');
  await expect(items).toHaveCount(4);
  await expect(items.nth(0)).toContainText('order_date <= ship_date');
  await expect(items.nth(2)).toContainText('1 <= quantity <= 12');
  await rules.getByRole('button', { name: 'Check against the data' }).click();
  await expect(rules.getByTestId('rules-check-summary')).toContainText('keeps every rule');
  const sdv = await download(page, rules.getByRole('button', { name: 'Export for SDV (JSON)' }));
  expect(JSON.parse(sdv.text)).toEqual(
    JSON.parse(readFileSync(fixture('rules/sdv-constraints.json'), 'utf8')),
  );

  // A kind changed by hand is put back by the SDV metadata, through the same schema path.
  const schema = page.getByRole('region', { name: /Check what each column holds/ });
  await page.getByLabel('quantity type', { exact: true }).selectOption('categorical');
  await expect(page.getByLabel('quantity type', { exact: true })).toHaveValue('categorical');
  await schema.getByLabel('Import SDV metadata').setInputFiles(fixture('rules/sdv-metadata.json'));
  await expect(page.getByLabel('quantity type', { exact: true })).toHaveValue('integer');
  await expect(schema).toContainText('1 column type changed');
  const meta = await download(page, schema.getByRole('button', { name: 'Export SDV metadata' }));
  const exported = JSON.parse(meta.text) as { primary_key: string; columns: object };
  const original = JSON.parse(readFileSync(fixture('rules/sdv-metadata.json'), 'utf8')) as {
    columns: Record<string, { sdtype: string }>;
  };
  expect(exported.primary_key).toBe('order_id');
  expect(
    Object.fromEntries(
      Object.entries(exported.columns as Record<string, { sdtype: string }>).map(([k, v]) => [
        k,
        v.sdtype,
      ]),
    ),
  ).toEqual(Object.fromEntries(Object.entries(original.columns).map(([k, v]) => [k, v.sdtype])));
});
