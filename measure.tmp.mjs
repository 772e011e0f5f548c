import { chromium } from '@playwright/test';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--use-angle=swiftshader','--enable-unsafe-swiftshader'] });
for (const model of ['CTGAN', 'TVAE']) {
  const page = await browser.newPage();
  await page.goto('http://127.0.0.1:4193/');
  await page.getByLabel('Try a demo data set').selectOption('penguins');
  await page.getByTestId('read-summary').waitFor();
  await page.getByLabel('Model', { exact: true }).selectOption({ label: model });
  await page.getByLabel('Epochs', { exact: true }).fill('3000');
  await page.locator('.settings summary').click();
  await page.getByLabel('Compute', { exact: true }).selectOption('wasm');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await page.waitForTimeout(15000);
  const r = await page.evaluate(async () => {
    const db = await new Promise((res, rej) => { const q = indexedDB.open('facsimile-run'); q.onsuccess = () => res(q.result); q.onerror = () => rej(q.error); });
    const v = await new Promise((res) => { const q = db.transaction('run').objectStore('run').get('checkpoint'); q.onsuccess = () => res(q.result); });
    db.close();
    const w = v.checkpoint.state.weights.reduce((n, t) => n + t.values.length, 0);
    const t0 = performance.now(); for (let i = 0; i < 5; i++) structuredClone(v); const clone = (performance.now() - t0) / 5;
    const json = JSON.stringify(v).length;
    return { epoch: v.checkpoint.epoch, numbers: w, jsonBytes: json, cloneMs: +clone.toFixed(1) };
  });
  console.log(model, JSON.stringify(r));
  await page.close();
}
await browser.close();
