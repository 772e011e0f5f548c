/**
 * The privacy attacks in the browser, the issue's speed case: adult (../shared/data/adult.csv,
 * on the developers' machines only) loaded through the app in headless Chromium with the
 * default 20% holdout (26,049 training rows, 6,512 holdout rows), the Gaussian copula trained,
 * 20,000 rows generated, evaluated, then "Run the attacks" with 2,000 attacks of each kind;
 * prints the seconds the attacks took in the engine worker and on the wall clock (goal: 30 s).
 *   npm run build && npx tsx tests/bench/attacks-browser.bench.ts [--dist dist] [--port 4183]
 */
import { existsSync, readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { chromiumLaunch } from '../../playwright.config';
import { copulaOnAdult } from './adult-page';
import { parseArgs } from '../../src/cli/args';
import { startPreviewServer } from './preview-server';

const root = new URL('../../', import.meta.url).pathname;
const adult = new URL('../../../shared/data/adult.csv', import.meta.url).pathname;
const args = parseArgs(process.argv.slice(2), ['dist', 'port']);

async function main(): Promise<void> {
  if (!existsSync(adult)) {
    console.log(`skipped: ${adult} is not here (it exists on the developers' machines only).`);
    return;
  }
  const server = await startPreviewServer(
    root,
    args.int('port', 4183),
    60_000,
    args.one('dist') ?? 'dist',
  );
  const browser = await chromium.launch({ ...chromiumLaunch, headless: true });
  try {
    const page = await (await browser.newContext({ baseURL: server.url })).newPage();
    await copulaOnAdult(page, adult);
    await page.getByLabel('Target column').selectOption('income');
    await page.getByRole('button', { name: 'Evaluate', exact: true }).click();
    await page.getByTestId('evaluation-report').waitFor({ timeout: 600_000 });
    await page.getByLabel('Attacks of each kind').fill('2000');
    const started = Date.now();
    await page.getByRole('button', { name: 'Run the attacks' }).click();
    await page.getByTestId('attack-risk').first().waitFor({ timeout: 600_000 });
    const wall = (Date.now() - started) / 1000;
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download figures (JSON)' }).click(),
    ]);
    const report = JSON.parse(readFileSync(await file.path(), 'utf8')) as {
      privacyAttacks: { seconds: number; settings: { attacks: number } };
      privacyRisks: { attack: string; sentence: string }[];
    };
    console.log(
      `attacks in Chromium's engine worker: ${report.privacyAttacks.settings.attacks} of each kind, ` +
        `${report.privacyAttacks.seconds.toFixed(1)} s in the worker, ${wall.toFixed(1)} s wall from the click to the risks shown`,
    );
    for (const r of report.privacyRisks) console.log(`  ${r.attack}: ${r.sentence}`);
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
