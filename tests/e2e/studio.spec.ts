import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';

// The studio, driven by its accessible names only: demo data, each model for 3 epochs, live
// charts, export, save / reload / load, and the comparison. Saves the README's screenshots.
test.describe.configure({ timeout: 300_000 });

const SHOTS = new URL('./screenshots/', import.meta.url).pathname;
const HEADER =
  'Species,Island,Beak Length (mm),Beak Depth (mm),Flipper Length (mm),Body Mass (g),Sex';
const COLUMNS = HEADER.split(',');
const penguins = readFileSync(new URL('../../public/demo/penguins.csv', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => l.split(','));
/** The real levels of each categorical column (index), and the range of each numeric one. */
const levels = (j: number) => new Set(penguins.map((r) => r[j]));
const numeric = [2, 3, 4, 5];

async function loadPenguins(page: Page) {
  await page.goto('/');
  await page.getByLabel('Try a demo data set').selectOption('penguins');
  await expect(page.getByTestId('read-summary')).toContainText('344 rows', { timeout: 30_000 });
}

async function shot(page: Page, tab: string, file: string) {
  await page.getByRole('tab', { name: tab }).click();
  await page.mouse.move(0, 0);
  mkdirSync(SHOTS, { recursive: true });
  await page.getByTestId('studio').screenshot({ path: `${SHOTS}${file}`, animations: 'disabled' });
}

async function download(page: Page, button: string): Promise<{ path: string; text: string }> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: button }).click(),
  ]);
  const path = await file.path();
  return { path, text: readFileSync(path, 'utf8') };
}

/** Every value parses under the input's schema: known levels, numbers or the missing token. */
function expectParses(csv: string, rows: number) {
  const lines = csv.trim().split('\n');
  expect(lines[0]).toBe(HEADER);
  expect(lines).toHaveLength(rows + 1);
  const known = [0, 1, 6].map((j) => [j, levels(j)] as const);
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    expect(cells).toHaveLength(COLUMNS.length);
    for (const [j, set] of known) expect(set.has(cells[j])).toBe(true);
    for (const j of numeric) {
      const v = cells[j] as string;
      expect(v === 'NA' || Number.isFinite(Number(v)), `${COLUMNS[j]} = ${v}`).toBe(true);
    }
  }
}

const RUNS = [
  { model: 'TVAE', shots: true, loss: true, save: true },
  { model: 'CTGAN', shots: false, loss: true, save: true },
  { model: 'Gaussian copula', shots: false, loss: false, save: true },
  { model: 'ARGN', shots: false, loss: true, save: true },
  // the trees keep training rows as donors, so they are never written to a model file
  { model: 'Sequential trees (CART)', shots: false, loss: false, save: false },
] as const;

for (const run of RUNS) {
  test(`${run.model}: watch it learn, export, save, reload and generate again`, async ({
    page,
  }) => {
    await loadPenguins(page);
    await page.getByLabel('Model', { exact: true }).selectOption({ label: run.model });
    await expect(page.getByTestId('model-explain')).toContainText(run.model.split(' (')[0] ?? '');
    await page.getByLabel('Epochs', { exact: true }).fill('3');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect(page.getByTestId('backend-badge')).toContainText(/WebGL|WebAssembly|CPU/, {
      timeout: 60_000,
    });
    await expect(page.getByTestId('run-status')).toContainText('Training complete', {
      timeout: 150_000,
    });

    if (run.loss) {
      const chart = page.getByTestId('loss-chart');
      await expect(chart).toHaveAttribute('data-points', /^[1-9]\d*$/);
      await expect(chart.locator('path.line-series[d^="M"]').first()).toBeVisible();
    }
    const quality = page.getByTestId('quality-chart');
    // the charts mount a frame apart (one chart per frame): wait for it rather than read once
    await expect(quality).toHaveAttribute('data-points', /^[1-9]\d*$/);
    if (run.shots) await shot(page, 'Losses', 'studio-loss.png');

    await page.getByRole('tab', { name: 'Distributions' }).click();
    const charts = page.getByTestId('distribution-chart');
    await expect(charts).toHaveCount(COLUMNS.length);
    expect(
      await charts.evaluateAll((els) => els.map((e) => e.getAttribute('data-column'))),
    ).toEqual(COLUMNS);
    for (const c of await charts.all()) await expect(c.locator('svg').first()).toBeVisible();
    if (run.shots) await shot(page, 'Distributions', 'studio-distributions.png');

    // the tabs follow the keyboard: the arrow key moves selection and focus to the next tab
    await page.getByRole('tab', { name: 'Distributions' }).press('ArrowRight');
    const pairsTab = page.getByRole('tab', { name: 'Pair trends' });
    await expect(pairsTab).toHaveAttribute('aria-selected', 'true');
    await expect(pairsTab).toBeFocused();
    await expect(page.getByTestId('heatmap')).toHaveCount(3);
    // one canvas per map: the pointer reads the cell under it (row 1, column 2: 96 px of
    // labels, then cells of 26 px for penguins' columns), the arrow keys read cell by cell
    const map = page.getByTestId('heatmap').first().locator('canvas');
    const readout = page.locator('.heatmap-readout').first();
    await map.hover({ position: { x: 96 + 26 + 8, y: 96 + 8 } });
    await expect(readout).toContainText(/Species × Island: \d/);
    await map.focus();
    await page.keyboard.press('ArrowDown');
    await expect(readout).toContainText(/Island × Island: /);
    await expect(readout).toHaveAttribute('aria-live', 'polite');
    if (run.shots) await shot(page, 'Pair trends', 'studio-pairs.png');

    await page.getByRole('tab', { name: 'How it works' }).click();
    await expect(page.getByTestId('anatomy-table').locator('tbody tr')).toHaveCount(7);
    if (run.shots || run.model === 'CTGAN')
      await shot(
        page,
        'How it works',
        run.shots ? 'studio-how-it-works.png' : 'studio-how-it-works-ctgan.png',
      );

    await page.getByLabel('Rows to generate').fill('300');
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    await expect(page.getByTestId('generated-summary')).toContainText('300 synthetic rows', {
      timeout: 60_000,
    });
    expectParses((await download(page, 'Download synthetic CSV')).text, 300);

    if (!run.save) {
      await expect(page.getByRole('button', { name: 'Download model' })).toBeDisabled();
      return;
    }
    const model = await download(page, 'Download model');
    expect(model.text).toContain('"facsimile-model"');
    await page.reload();
    await page.getByLabel('Load model').setInputFiles(model.path);
    await expect(page.getByTestId('run-status')).toContainText('Model loaded');
    await page.getByLabel('Rows to generate').fill('120');
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    await expect(page.getByTestId('generated-summary')).toContainText('120 synthetic rows', {
      timeout: 60_000,
    });
    expectParses((await download(page, 'Download synthetic CSV')).text, 120);
  });
}

test('every model trained on the same data, compared side by side', async ({ page }) => {
  test.setTimeout(300_000);
  await loadPenguins(page);
  await page.getByLabel('Epochs', { exact: true }).fill('3');
  // WebAssembly: the software WebGL here is several times slower for the GAN
  await page.locator('.settings summary').click();
  await page.getByLabel('Compute', { exact: true }).selectOption('wasm');
  await page.getByRole('button', { name: 'Compare all models' }).click();
  await expect(page.getByTestId('compare-progress')).toContainText('Comparison finished', {
    timeout: 280_000,
  });
  const rows = page.getByTestId('compare-table').locator('tbody tr');
  const count = await rows.count();
  expect(count).toBeGreaterThanOrEqual(3);
  for (let i = 0; i < count; i += 1) {
    const cells = rows.nth(i).locator('td');
    await expect(cells.nth(0)).toHaveText('done');
    // column shapes is a score in [0, 1]
    const shapes = Number(await cells.nth(2).textContent());
    expect(shapes).toBeGreaterThan(0);
    expect(shapes).toBeLessThanOrEqual(1);
  }
  await shot(page, 'Compare models', 'studio-compare.png');
  // the last model compared is ready to generate from
  await page.getByLabel('Rows to generate').fill('50');
  await page.getByRole('button', { name: 'Generate', exact: true }).click();
  await expect(page.getByTestId('generated-summary')).toContainText('50 synthetic rows', {
    timeout: 60_000,
  });
});
