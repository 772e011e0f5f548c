/**
 * `--threads N|auto`: the threads tfjs' wasm backend splits its matrix products over in Node.
 *
 * More threads give the same numbers (each output element is summed in the same order on
 * whichever thread computes it), only sooner when cores are free. The pool's threads spin while
 * they wait for the next product, so on cores that other processes keep busy they cost time
 * instead: `auto` takes every core only when the machine is idle enough for it.
 */
import os from 'node:os';
import { UsageError, type Args } from './args';

/** More threads than this rarely pay for networks this small (as in core/models/backend). */
export const MAX_NODE_THREADS = 8;

export const THREADS_USAGE =
  `  --threads N runs wasm's matrix products on N threads (1 to ${MAX_NODE_THREADS}); the default, auto,\n` +
  '    takes every core when the 1-minute load average leaves at least one idle, else 1.';

/**
 * `auto`'s choice: all `cores` (at most MAX_NODE_THREADS) when the load average `load` leaves a
 * core idle, else 1 (threads waiting on busy cores would slow every step).
 */
export function autoThreads(cores: number, load: number): number {
  if (!(cores >= 2) || !(load <= cores - 1)) return 1;
  return Math.min(MAX_NODE_THREADS, Math.floor(cores));
}

/** The threads asked for with --threads (default auto, read from this machine). */
export function readThreads(a: Args): number {
  const value = a.one('threads') ?? 'auto';
  if (value === 'auto') return autoThreads(os.availableParallelism(), os.loadavg()[0] ?? 0);
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_NODE_THREADS) {
    throw new UsageError(`--threads must be auto or 1 to ${MAX_NODE_THREADS}, not "${value}".`);
  }
  return n;
}
