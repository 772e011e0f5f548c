/**
 * WebGL on a real GPU against multi-threaded WebAssembly (`npm run bench:gpu`): launches
 * Chromium with the flags for hardware WebGL, checks that the page's WebGL renderer is a GPU
 * (it stops with a clear message when it is a software one such as SwiftShader or llvmpipe, or
 * when there is no WebGL), then trains CTGAN, TVAE and ARGN on WebGL and on wasm through the UI
 * and reports the seconds per epoch after the first.
 *   npm run bench:gpu [-- --data PATH --models ctgan,tvae,argn --epochs 3]
 * Runs on ../shared/data/adult.csv by default. Writes tests/bench/out/gpu.json and gpu.md.
 * Set CHROMIUM_PATH for another Chromium, E2E_DIST for another build folder than dist.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { parseArgs } from '../../src/cli/args';
import { isSoftwareRenderer } from '../../src/core/models/backend-measure';
import { median } from './bench-row';
import { runOne } from './browser-models';
import { startPreviewServer } from './preview-server';

const root = resolve(import.meta.dirname, '..', '..');
const out = join(root, 'tests', 'bench', 'out');

/** Hardware WebGL in (headless) Chromium: ANGLE on Vulkan, the GPU blocklist ignored. */
export const HARDWARE_WEBGL_FLAGS = [
  '--use-angle=vulkan',
  '--enable-features=Vulkan',
  '--ignore-gpu-blocklist',
  '--enable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** The page's unmasked WebGL 2 renderer string, or null without WebGL 2. */
function pageRenderer(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const gl = document.createElement('canvas').getContext('webgl2');
    if (!gl) return null;
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    return String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  });
}

interface GpuRow {
  model: string;
  backend: 'webgl' | 'wasm';
  badge: string;
  secondsPerEpoch: number;
  epochsTimed: number;
}

async function main(): Promise<number> {
  const a = parseArgs(process.argv.slice(2), ['data', 'models', 'epochs']);
  const data = resolve(a.one('data') ?? join(root, '..', 'shared', 'data', 'adult.csv'));
  if (!existsSync(data)) {
    console.log(`bench skipped: ${data} is missing (pass --data PATH).`);
    return 0;
  }
  const epochs = Number(a.one('epochs') ?? 3);
  const models = (a.one('models') ?? 'ctgan,tvae,argn').split(',');
  const dist = resolve(root, process.env.E2E_DIST ?? 'dist');
  const server = await startPreviewServer(root, 4183, 60_000, dist);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: HARDWARE_WEBGL_FLAGS,
    // Playwright would otherwise let Chromium fall back to SwiftShader without a word
    ignoreDefaultArgs: ['--enable-unsafe-swiftshader'],
  });
  const results: GpuRow[] = [];
  let renderer: string | null;
  try {
    const probe = await browser.newPage({ baseURL: server.url });
    await probe.goto('/');
    renderer = await pageRenderer(probe);
    await probe.close();
    if (renderer === null || isSoftwareRenderer(renderer)) {
      console.error(
        renderer === null
          ? 'bench:gpu stopped: Chromium has no WebGL 2 with the hardware flags here (no GPU, or its driver is blocked). Nothing was timed.'
          : `bench:gpu stopped: WebGL is drawn in software here ("${renderer}"), not by a GPU. Run it on a machine with a GPU and its Vulkan driver. Nothing was timed.`,
      );
      return 2;
    }
    console.log(`WebGL renderer: ${renderer}`);
    for (const model of models) {
      for (const backend of ['webgl', 'wasm'] as const) {
        const context = await browser.newContext({ baseURL: server.url });
        const page = await context.newPage();
        await page.goto('/');
        process.stderr.write(`${model} on ${backend}: ${epochs} epochs\n`);
        const r = await runOne(page, data, model, backend, epochs, 1_000);
        const seconds = r.log.map((l) => Number(l[1]));
        const timed = seconds.length > 1 ? seconds.slice(1) : seconds;
        results.push({
          model,
          backend,
          badge: r.badge,
          secondsPerEpoch: median(timed),
          epochsTimed: timed.length,
        });
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  const table = [
    `WebGL renderer: ${renderer}`,
    '',
    '| model | WebGL s/epoch | wasm s/epoch (badge) | WebGL speed-up |',
    '| --- | --- | --- | --- |',
    ...models.map((m) => {
      const gl = results.find((r) => r.model === m && r.backend === 'webgl');
      const wasm = results.find((r) => r.model === m && r.backend === 'wasm');
      if (!gl || !wasm) return `| ${m} | - | - | - |`;
      const fellBack = gl.badge.includes('WebGL') ? '' : ' (WebGL fell back)';
      return `| ${m} | ${gl.secondsPerEpoch.toFixed(2)}${fellBack} | ${wasm.secondsPerEpoch.toFixed(2)} (${wasm.badge.split(' · ')[0]}) | ${(wasm.secondsPerEpoch / gl.secondsPerEpoch).toFixed(2)}x |`;
    }),
  ].join('\n');
  mkdirSync(out, { recursive: true });
  writeFileSync(
    join(out, 'gpu.json'),
    JSON.stringify({ data, renderer, epochs, date: new Date().toISOString(), results }, null, 2),
  );
  writeFileSync(join(out, 'gpu.md'), `${table}\n`);
  console.log(table);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  },
);
