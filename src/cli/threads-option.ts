/**
 * `--threads N|auto`: the threads tfjs' wasm backend splits its matrix products over in Node.
 *
 * More threads give the same numbers (each output element is summed in the same order on
 * whichever thread computes it), only sooner when cores are free. The pool's threads spin while
 * they wait for the next product, so on cores that other processes keep busy they cost time
 * instead: `auto` takes only the cores that are idle.
 */
import os from 'node:os';
import { UsageError, type Args } from './args';

/** More threads than this rarely pay for networks this small (as in core/models/backend). */
export const MAX_NODE_THREADS = 8;

export const THREADS_USAGE =
  `  --threads N runs wasm's matrix products on N threads (1 to ${MAX_NODE_THREADS}; default 1); auto takes one\n` +
  '    per idle core (the cores less the 1-minute load average), at least 1.';

/**
 * `auto`'s choice: one thread per idle core, `round(cores - load)` with `load` the 1-minute
 * load average, from 1 to MAX_NODE_THREADS. The pool waits at the end of every matrix product
 * for all its threads, so a thread that has to share its core with another process holds up
 * every product it is part of.
 */
export function autoThreads(cores: number, load: number): number {
  if (!Number.isFinite(cores) || !Number.isFinite(load)) return 1;
  return Math.max(1, Math.min(MAX_NODE_THREADS, Math.round(cores - Math.max(0, load))));
}

export interface ThreadsChoice {
  threads: number;
  /** For `auto`: what it read ("1-minute load 0.42 on 2 cores"); null when N was given. */
  auto: string | null;
}

/**
 * The threads asked for with --threads (default 1: the pool's threads spin on busy cores, so
 * more threads are something to ask for, not a default).
 */
export function readThreads(a: Args): ThreadsChoice {
  const value = a.one('threads') ?? '1';
  if (value === 'auto') {
    const cores = os.availableParallelism();
    const load = os.loadavg()[0] ?? 0;
    const threads = autoThreads(cores, load);
    return { threads, auto: `1-minute load ${load.toFixed(2)} on ${cores} cores` };
  }
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_NODE_THREADS) {
    throw new UsageError(`--threads must be auto or 1 to ${MAX_NODE_THREADS}, not "${value}".`);
  }
  return { threads: n, auto: null };
}
