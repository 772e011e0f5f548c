/**
 * The privacy distance computation in the browser: adult (../shared/data/adult.csv, on the
 * developers' machines only) loaded through the app in headless Chromium with 38% held out
 * (20,188 training rows), the Gaussian copula trained, 20,000 rows generated, then Evaluate;
 * prints the seconds each part of the evaluation took in the engine worker, the privacy part
 * being the 20,000 x 20,188 nearest-record search (plus the holdout's own).
 *   npm run build && npx tsx tests/bench/privacy-browser.bench.ts
 */
import { existsSync, readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { chromiumLaunch } from '../../playwright.config';
import { copulaOnAdult } from './adult-page';
import { startPreviewServer } from './preview-server';

const root = new URL('../../', import.meta.url).pathname;
const adult = new URL('../../../shared/data/adult.csv', import.meta.url).pathname;

async function main(): Promise<void> {
  if (!existsSync(adult)) {
    console.log(`skipped: ${adult} is not here (it exists on the developers' machines only).`);
    return;
  }
  const server = await startPreviewServer(root, 4183);
  const browser = await chromium.launch({ ...chromiumLaunch, headless: true });
  try {
    const page = await (await browser.newContext({ baseURL: server.url })).newPage();
    await copulaOnAdult(page, adult, 38);
    await page.getByLabel('Target column').selectOption('');
    const started = Date.now();
    await page.getByRole('button', { name: 'Evaluate', exact: true }).click();
    await page.getByTestId('evaluation-report').waitFor({ timeout: 600_000 });
    const wall = (Date.now() - started) / 1000;
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download figures (JSON)' }).click(),
    ]);
    const report = JSON.parse(readFileSync(await file.path(), 'utf8')) as {
      seconds: Record<string, number>;
      privacy: { synthRowsUsed: number; trainRowsUsed: number; dcrMedian: number };
    };
    const p = report.privacy;
    console.log(
      `privacy in Chromium's engine worker: ${p.synthRowsUsed} synthetic x ${p.trainRowsUsed} training rows ` +
        `(plus the holdout against training): ${report.seconds.privacy?.toFixed(1)} s; ` +
        `quality ${report.seconds.quality?.toFixed(1)} s, detection ${report.seconds.detection?.toFixed(1)} s; ` +
        `whole evaluation ${wall.toFixed(1)} s wall (DCR median ${p.dcrMedian.toFixed(4)})`,
    );
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
