/**
 * Backend choice: the order asked for, a backend started only when needed, and the fall back
 * after a lost WebGL context (a fake backend starter, so no tfjs).
 */
import { describe, expect, it, vi } from 'vitest';
import type { BackendChoice, BackendOptions } from '../../src/core/models/backend';
import { BackendKeeper, backendOrder, lostWebglReason } from '../../src/worker/backend-choice';
import type { BackendName } from '../../src/worker/protocol';

describe('backend choice', () => {
  const started = (name: BackendName): BackendChoice => ({
    name,
    reason: `${name} ran`,
    failures: [],
  });

  it('keeps the order asked for, and leaves WebGL out once it was lost', () => {
    expect(backendOrder(['webgl', 'wasm', 'cpu'], false)).toEqual(['webgl', 'wasm', 'cpu']);
    expect(backendOrder(['webgl', 'wasm', 'cpu'], true)).toEqual(['wasm', 'cpu']);
    expect(backendOrder(['webgl'], true)).toEqual(['wasm', 'cpu']);
  });

  it('starts a backend only when it is not the one running', async () => {
    const start = vi.fn((order: readonly BackendName[], _options: BackendOptions) =>
      Promise.resolve(started(order[0] ?? 'cpu')),
    );
    const keeper = new BackendKeeper('/wasm/', start, () => undefined);
    await keeper.ensure(['wasm', 'cpu']);
    await keeper.ensure(['wasm']);
    expect(start).toHaveBeenCalledTimes(1);
    expect(start.mock.calls[0]?.[1]).toEqual({ wasmPath: '/wasm/' });
    expect((await keeper.ensure(['cpu'])).name).toBe('cpu');
    expect(start).toHaveBeenCalledTimes(2);
  });

  it('after a lost context goes on on wasm, says why, and never picks WebGL again', async () => {
    const abandon = vi.fn();
    const start = vi.fn((order: readonly BackendName[], _options: BackendOptions) =>
      Promise.resolve(started(order[0] ?? 'cpu')),
    );
    const keeper = new BackendKeeper('', start, abandon);
    expect((await keeper.ensure(['webgl', 'wasm'])).name).toBe('webgl');
    const after = await keeper.leaveWebgl(4, 3);
    expect(abandon).toHaveBeenCalledOnce();
    expect(start.mock.calls[1]?.[0]).toEqual(['wasm', 'cpu']);
    expect(after.reason).toBe('WebGL was lost at epoch 4; continuing on WebAssembly from epoch 3');
    const next = await keeper.ensure(['webgl', 'wasm']);
    expect(next.name).toBe('wasm');
    expect(start.mock.calls.slice(1).some((c) => c[0].includes('webgl'))).toBe(false);
  });

  it('names the CPU when wasm did not start either', () => {
    expect(lostWebglReason('cpu', 2, 2)).toBe(
      'WebGL was lost at epoch 2; continuing on the CPU from epoch 2',
    );
  });
});
