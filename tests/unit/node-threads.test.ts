import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from '../../src/cli/args';
import { startNodeBackend } from '../../src/cli/node-backend';
import { threadsUnavailable } from '../../src/cli/node-threads';
import { autoThreads, MAX_NODE_THREADS, readThreads } from '../../src/cli/threads-option';

const root = fileURLToPath(new URL('../..', import.meta.url));
const kinds = fileURLToPath(new URL('../fixtures/kinds.csv', import.meta.url));

describe('--threads', () => {
  it('auto takes one thread per idle core, at least one and at most the cap', () => {
    expect(autoThreads(2, 0.3)).toBe(2);
    expect(autoThreads(2, 0.8)).toBe(1);
    expect(autoThreads(2, 6)).toBe(1);
    expect(autoThreads(8, 3.2)).toBe(5);
    expect(autoThreads(16, 3)).toBe(MAX_NODE_THREADS);
    expect(autoThreads(1, 0)).toBe(1);
    expect(autoThreads(Number.NaN, 0)).toBe(1);
  });

  it('takes a whole number from 1 to the cap and refuses anything else', () => {
    const read = (v: string) => readThreads(parseArgs(['--threads', v], ['threads'])).threads;
    expect(read('2')).toBe(2);
    for (const bad of ['0', '-1', '1.5', String(MAX_NODE_THREADS + 1), 'many']) {
      expect(() => read(bad)).toThrow(UsageError);
    }
    expect(() => read('0')).toThrow(/--threads must be auto or 1 to 8, not "0"/);
    // one thread unless asked
    expect(readThreads(parseArgs([], ['threads']))).toEqual({ threads: 1, auto: null });
    const auto = readThreads(parseArgs(['--threads', 'auto'], ['threads']));
    expect(auto.threads).toBeGreaterThanOrEqual(1);
    expect(auto.auto).toMatch(/^1-minute load \d+\.\d\d on \d+ cores$/);
  });
});

describe("tfjs' threaded wasm binary under Node", { timeout: 240_000 }, () => {
  // Fails when tfjs-backend-wasm is upgraded: check node-threads.ts against the new loader, then
  // move THREADED_WASM_VERSION (until then the CLI keeps wasm on one thread).
  it('is set up for the installed tfjs-backend-wasm', () => {
    expect(threadsUnavailable()).toBeNull();
  });

  it('starts with two threads and multiplies matrices as plain arithmetic does', async () => {
    // Two threads, and the product kernel chosen by a timed trial of both
    expect(await startNodeBackend('wasm', 2)).toMatch(
      /^wasm, 2 threads \(matrix products on the (FMA kernel \(1 thread\)|2-thread pool): \d+\.\dx (faster|slower) than the (2-thread pool|1-thread FMA kernel) in a product trial\)$/,
    );
    const [m, k, n] = [67, 45, 131];
    const a = Float32Array.from({ length: m * k }, (_, i) => Math.sin(i));
    const b = Float32Array.from({ length: k * n }, (_, i) => Math.cos(3 * i));
    const got = await tf.matMul(tf.tensor2d(a, [m, k]), tf.tensor2d(b, [k, n])).data();
    let worst = 0;
    for (let i = 0; i < m; i += 1) {
      for (let j = 0; j < n; j += 1) {
        let want = 0;
        for (let p = 0; p < k; p += 1) want += (a[i * k + p] as number) * (b[p * n + j] as number);
        worst = Math.max(worst, Math.abs((got[i * n + j] as number) - want));
      }
    }
    expect(worst).toBeLessThan(1e-4);
  });

  // The same seed must give the same table on one thread and on two: only the speed may change.
  it.each(['tvae', 'ctgan', 'argn'])('%s writes the same rows on one thread as on two', (model) => {
    const dir = mkdtempSync(join(tmpdir(), 'facsimile-threads-'));
    const outputs = [1, 2].map((threads) => {
      const out = join(dir, `${model}-${threads}.csv`);
      const r = spawnSync(
        'npx',
        ['tsx', 'src/cli/synth.ts', '--data', kinds, '--model', model, '--epochs', '2'].concat([
          '--rows',
          '40',
          '--seed',
          '3',
          '--threads',
          String(threads),
          '--out',
          out,
        ]),
        { cwd: root, encoding: 'utf8', timeout: 200_000 },
      );
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toContain(
        threads > 1
          ? 'backend: wasm, 2 threads (matrix products on the FMA kernel (1 thread)'
          : 'backend: wasm (matrix products on the FMA kernel)\n',
      );
      return readFileSync(out, 'utf8');
    });
    expect(outputs[1]).toBe(outputs[0]);
  });
});
