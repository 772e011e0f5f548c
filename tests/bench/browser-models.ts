/**
 * The model benchmark's browser half: trains each model through the real UI in headless Chromium
 * (engine worker, WebGL or wasm) and reads the run log the page shows.
 */
import { chromium, type Page } from '@playwright/test';
import { chromiumLaunch } from '../../playwright.config';
import { median, type BenchRow } from './bench-row';
import { startPreviewServer } from './preview-server';
import { startPeakMemorySampler } from './process-memory';

export const TITLES: Record<string, string> = {
  ctgan: 'CTGAN',
  tvae: 'TVAE',
  copula: 'Gaussian copula',
  argn: 'ARGN',
  cart: 'Sequential trees',
};
/** Models that fit in one go: no epochs to set, one row in the run log. */
const ONE_SHOT = new Set(['copula', 'cart']);

/**
 * Loads `data` into the page, trains `model` for `epochs` on `backend` through the UI, generates
 * `sampleRows` rows, and returns the badge, the run log (one row per epoch) and the timings.
 */
export async function runOne(
  page: Page,
  data: string,
  model: string,
  backend: 'webgl' | 'wasm',
  epochs: number,
  sampleRows: number,
) {
  await page.getByLabel('Load CSV').setInputFiles(data);
  await page.getByTestId('read-summary').waitFor({ timeout: 120_000 });
  await page.getByLabel('Model', { exact: true }).selectOption({
    label: TITLES[model] === 'Sequential trees' ? 'Sequential trees (CART)' : TITLES[model],
  });
  await page.locator('.settings summary').click();
  if (!ONE_SHOT.has(model)) await page.getByLabel('Epochs', { exact: true }).fill(String(epochs));
  await page.getByLabel('Compute', { exact: true }).selectOption(backend);
  await page.getByRole('button', { name: 'Train' }).click();
  const done = page.getByText(new RegExp(`Training complete: ${TITLES[model]}.* is trained`));
  await done.waitFor({ timeout: 60 * 60_000 });
  const badge = (await page.getByTestId('backend-badge').textContent()) ?? '';
  const note = (await done.textContent()) ?? '';
  const fitSeconds = Number(/preparing the data took ([\d.]+) s/.exec(note)?.[1] ?? Number.NaN);
  const log = await page
    .getByTestId('run-log')
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((r) => Array.from(r.querySelectorAll('td')).map((td) => td.textContent ?? '')),
    );
  await page.getByLabel('Rows to generate').fill(String(sampleRows));
  await page.getByRole('button', { name: 'Generate' }).click();
  const summary = page.getByTestId('generated-summary');
  await summary.waitFor({ timeout: 10 * 60_000 });
  const sampleSeconds = Number(
    /made in ([\d.]+) s/.exec((await summary.textContent()) ?? '')?.[1] ?? Number.NaN,
  );
  return { badge, fitSeconds, log, sampleSeconds };
}

/** Runs every (model, backend) pair in Chromium; `epochsFor` gives the epochs per pair. */
export async function benchBrowser(
  root: string,
  data: string,
  rows: number,
  models: readonly string[],
  backends: readonly ('webgl' | 'wasm')[],
  epochsFor: (model: string, backend: string) => number,
): Promise<BenchRow[]> {
  const server = await startPreviewServer(root, 4181);
  const browser = await chromium.launch({ ...chromiumLaunch, headless: true });
  const out: BenchRow[] = [];
  try {
    for (const backend of backends) {
      for (const model of models) {
        const context = await browser.newContext({ baseURL: server.url });
        const page = await context.newPage();
        await page.goto('/');
        const memory = startPeakMemorySampler(new Set([server.pid]));
        const epochs = epochsFor(model, backend);
        process.stderr.write(`chromium-${backend} ${model}: ${epochs} epochs\n`);
        const r = await runOne(page, data, model, backend, epochs, 10_000);
        const peak = memory.stop();
        const seconds = r.log.map((l) => Number(l[1]));
        const timed = seconds.length > 1 ? seconds.slice(1) : seconds;
        const perEpoch = median(timed);
        // ARGN picks its batch (256 on adult, four times that on WebGL) and holds out 10 %.
        const batch = model === 'argn' ? (backend === 'webgl' ? 1024 : 256) : 500;
        const trainRows = model === 'argn' ? Math.round(rows * 0.9) : rows;
        const steps = ONE_SHOT.has(model) ? 1 : Math.max(1, Math.floor(trainRows / batch));
        out.push({
          model,
          backend: `chromium-${backend}${r.badge.includes(backend === 'webgl' ? 'WebGL' : 'WebAssembly') ? '' : ' (fell back)'}`,
          rows,
          fitSeconds: r.fitSeconds,
          secondsPerEpoch: perEpoch,
          epochsTimed: timed.length,
          stepsPerEpoch: steps,
          trainRowsPerSecond: ONE_SHOT.has(model) ? rows / perEpoch : (steps * batch) / perEpoch,
          sampleRowsPerSecond: 10_000 / r.sampleSeconds,
          peakMemoryMB: peak.rssBytes / 1024 ** 2,
          tensorsAfterEpoch: r.log.map((l) => Number(l[2])).filter((t) => Number.isFinite(t)),
        });
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  return out;
}
