import { expect, test, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { violations } from './axe';

// Entities with events in the page: two linked CSVs (ChickWeight-like chicks and their weights)
// are read, a sequence model is trained in the engine worker, new entities are written and both
// files downloaded, and every event's key names a subject. Each bad input gives its message.
test.describe.configure({ timeout: 240_000 });

const fixture = (name: string) =>
  fileURLToPath(new URL(`../fixtures/sequence/${name}`, import.meta.url));

test.beforeEach(async ({ page }) => {
  page.on('pageerror', (e) => {
    throw e;
  });
  await page.goto('/');
  await page.getByRole('button', { name: 'Work with entities and events' }).click();
});

async function read(
  page: Page,
  events: string,
  subjects?: string | { name: string; text: string },
) {
  await page.getByLabel('Event table CSV').setInputFiles(fixture(events));
  if (typeof subjects === 'string')
    await page.getByLabel('Subject table CSV').setInputFiles(fixture(subjects));
  await page.getByRole('button', { name: 'Read entities' }).click();
  await expect(page.getByTestId('seq-schema')).toBeVisible({ timeout: 30_000 });
}

async function download(page: Page, button: Locator): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return readFileSync(await file.path(), 'utf8');
}

/** A CSV of plain cells (no quotes) as a header and rows. */
function csvRows(text: string): { names: string[]; rows: string[][] } {
  const lines = text.trim().split(/\r?\n/);
  return { names: (lines[0] ?? '').split(','), rows: lines.slice(1).map((l) => l.split(',')) };
}

test('two linked CSVs: train, generate, download both files, and every event names a subject', async ({
  page,
}) => {
  await read(page, 'chicks-weights.csv', 'chicks-subjects.csv');
  await expect(page.getByLabel('Entity key', { exact: true })).toHaveValue('Chick');
  await expect(page.getByLabel('Order column', { exact: true })).toHaveValue('Time');
  await expect(page.getByTestId('seq-read-summary')).toContainText('16 entities, 181 events');
  await expect(page.getByTestId('seq-length-histogram')).toBeVisible();

  await page.getByRole('radio', { name: /Sequential ARGN/ }).check();
  await page.getByLabel(/Sequence epochs/).fill('6');
  await page.getByRole('button', { name: 'Train sequence model' }).click();
  await expect(page.getByTestId('seq-run-status')).toContainText('Trained: Sequential ARGN', {
    timeout: 180_000,
  });
  const studio = page.getByTestId('sequence-studio-views');
  await expect(studio.getByTestId('sequence-loss')).toBeVisible();
  const model = JSON.parse(
    await download(page, page.getByRole('button', { name: 'Save sequence model' })),
  ) as { format: string; kind: string };
  expect(model.format).toBe('facsimile-sequence-model');
  expect(model.kind).toBe('seq-argn');

  await page.getByLabel('Entities to write').fill('20');
  await page.getByRole('button', { name: 'Generate entities' }).click();
  await expect(page.getByTestId('seq-generated-summary')).toContainText('20 new entities', {
    timeout: 60_000,
  });
  await expect(page.getByTestId('seq-generated-summary')).toContainText('100.0 %');
  const subjects = csvRows(
    await download(page, page.getByRole('button', { name: /Download subjects/ })),
  );
  const events = csvRows(
    await download(page, page.getByRole('button', { name: /Download events/ })),
  );
  expect(subjects.names).toEqual(['Chick', 'Diet']);
  expect(events.names).toEqual(['Chick', 'Time', 'weight']);
  expect(subjects.rows).toHaveLength(20);
  expect(events.rows.length).toBeGreaterThan(20);
  const keys = new Set(subjects.rows.map((r) => r[0]));
  expect(keys.size).toBe(20);
  expect(events.rows.filter((r) => !keys.has(r[0]))).toEqual([]);
  // new keys only: the real chicks are 1 to 16
  expect([...keys].filter((k) => Number(k) <= 16)).toEqual([]);
  await studio.getByRole('tab', { name: 'Lengths' }).click();
  await expect(studio.getByTestId('sequence-lengths-chart')).toBeVisible();
  await studio.getByRole('tab', { name: 'Timelines' }).click();
  await expect(
    studio.getByTestId('timelines-synth').getByTestId('timeline-entity'),
  ).not.toHaveCount(0);
  await studio.getByRole('tab', { name: 'How it works' }).click();
  await studio.getByRole('button', { name: 'Write one entity' }).click();
  await expect(studio.getByTestId('entity-event').first()).toBeVisible({ timeout: 30_000 });

  await page.getByRole('button', { name: 'Evaluate entities' }).click();
  await expect(page.getByTestId('seq-report')).toContainText('Sequential quality', {
    timeout: 60_000,
  });
  const report = JSON.parse(
    await download(page, page.getByRole('button', { name: 'Download report (JSON)' })),
  ) as { integrity: number; order_as_written: number };
  expect(report.integrity).toBe(1);
  expect(report.order_as_written).toBe(1);

  // every step on screen, and no WCAG 2.1 AA violation among them
  expect(await violations(page, '.sequence-panel')).toEqual([]);
});

test('events whose key has no subject: counted, and set aside only when the user chooses', async ({
  page,
}) => {
  await read(page, 'visits-events.csv', 'visits-subjects.csv');
  const orphans = page.getByTestId('seq-problem-orphan-events');
  await expect(orphans).toContainText('2 events refer to a key with no subject');
  await expect(orphans).toContainText('"p9"');
  await expect(page.getByRole('button', { name: 'Train sequence model' })).toHaveCount(0);
  await orphans.getByRole('checkbox', { name: 'Set these events aside' }).check();
  await expect(page.getByTestId('seq-problem-orphan-events')).toContainText(
    'They were set aside, as you chose.',
  );
  await expect(page.getByRole('button', { name: 'Train sequence model' })).toBeVisible();
});

test("duplicate subject keys: the message, and keeping the first row is the user's choice", async ({
  page,
}) => {
  await read(page, 'visits-events.csv', 'visits-subjects-dup.csv');
  const dup = page.getByTestId('seq-problem-duplicate-subjects');
  await expect(dup).toContainText('1 subject row repeats a key already used');
  await dup.getByRole('checkbox', { name: 'Keep the first row of each key' }).check();
  await expect(page.getByTestId('seq-problem-duplicate-subjects')).toContainText(
    'The first row of each key is kept, as you chose.',
  );
});

test('an order column with unparseable and missing values: each has its message', async ({
  page,
}) => {
  await read(page, 'visits-bad-order.csv');
  await page.getByLabel('Entity key', { exact: true }).selectOption('patient');
  await page.getByLabel('Order column', { exact: true }).selectOption('visit_date');
  const bad = page.getByTestId('seq-problem-order-unparseable');
  await expect(bad).toContainText('soon');
  await bad.getByRole('checkbox').check();
  await expect(page.getByTestId('seq-problem-order-missing')).toBeVisible();
  await expect(page.getByTestId('seq-problem-missing-key')).toContainText('no value in the key');
});

test('entities with thousands of events: the page says how they are handled', async ({ page }) => {
  const rows = ['meter,reading_no,kwh'];
  for (let i = 0; i < 1500; i += 1) rows.push(`m1,${i},${(i % 7) + 1}`);
  for (let i = 0; i < 3; i += 1) rows.push(`m2,${i},${i + 2}`);
  await page.getByLabel('Event table CSV').setInputFiles({
    name: 'meters.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(rows.join('\n')),
  });
  await page.getByRole('button', { name: 'Read entities' }).click();
  await expect(page.getByTestId('seq-schema')).toBeVisible({ timeout: 30_000 });
  await page.getByLabel('Entity key', { exact: true }).selectOption('meter');
  await page.getByLabel('Order column', { exact: true }).selectOption('reading_no');
  await expect(page.getByTestId('seq-problem-long-entities')).toContainText(
    'The models learn the first 1,000 events',
    { timeout: 30_000 },
  );
});

test('one long CSV: the trees write a long file whose entities keep their own columns', async ({
  page,
}) => {
  await read(page, 'chicks-long.csv');
  await expect(page.getByLabel('Entity key', { exact: true })).toHaveValue('Chick');
  await page.getByRole('button', { name: 'Train sequence model' }).click();
  await expect(page.getByTestId('seq-run-status')).toContainText('Trained: Sequence trees', {
    timeout: 60_000,
  });
  await expect(page.getByRole('button', { name: 'Save sequence model' })).toBeDisabled();
  await page.getByLabel('Entities to write').fill('8');
  await page.getByRole('button', { name: 'Generate entities' }).click();
  const long = csvRows(await download(page, page.getByRole('button', { name: /Download table/ })));
  expect(long.names).toEqual(['Chick', 'Time', 'weight', 'Diet']);
  const dietOf = new Map<string, string>();
  for (const r of long.rows) {
    const [key, , , diet] = r as [string, string, string, string];
    expect(dietOf.get(key) ?? diet).toBe(diet);
    dietOf.set(key, diet);
  }
  expect(dietOf.size).toBe(8);
});

test('a condition on a subject column: the downloaded file holds only matching entities', async ({
  page,
}) => {
  await read(page, 'chicks-long.csv');
  await page.getByRole('button', { name: 'Train sequence model' }).click();
  await expect(page.getByTestId('seq-run-status')).toContainText('Trained: Sequence trees', {
    timeout: 60_000,
  });
  await page.getByLabel('Entities to write').fill('6');
  const conditions = page.getByTestId('seq-conditions');
  await conditions.getByRole('button', { name: 'Add a condition' }).click();
  await expect(conditions.getByLabel('Condition 1 column')).toHaveValue('Diet');
  await conditions.getByLabel('Condition 1 value').fill('2');
  await page.getByRole('button', { name: 'Generate entities' }).click();
  await expect(page.getByTestId('seq-generated-summary')).toContainText('6 new entities', {
    timeout: 60_000,
  });
  const long = csvRows(await download(page, page.getByRole('button', { name: /Download table/ })));
  expect(new Set(long.rows.map((r) => r[3]))).toEqual(new Set(['2']));
  expect(new Set(long.rows.map((r) => r[0])).size).toBe(6);
  // an unknown value is refused in words, and nothing is written
  await conditions.getByLabel('Condition 1 value').fill('9');
  await page.getByRole('button', { name: 'Generate entities' }).click();
  await expect(
    page.getByRole('alert').filter({ hasText: 'no training subject holds' }),
  ).toBeVisible();
});
