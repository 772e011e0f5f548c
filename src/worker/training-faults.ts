/**
 * What the training session needs to survive faults: the lost-WebGL signal and a guard that
 * races every wait against it (a read on a lost context waits for ever), and the learning rate
 * to offer after a loss stopped being a number.
 */
import { onWebglContextLost, webglContextLost } from '../core/models/backend';
import { modelEntry } from '../core/models/registry';
import type { SynthesisConfig } from '../core/pipeline';

/** The WebGL context was lost at `epoch`: the run must leave WebGL. */
export class ContextLost extends Error {
  constructor(readonly epoch: number) {
    super(`The WebGL context was lost at epoch ${epoch}.`);
    this.name = 'ContextLost';
  }
}

/** Races waits against a WebGL context loss while a training segment runs. */
export interface ContextWatch {
  /**
   * `p`, or a {@link ContextLost} when the context goes first; an op that fails (or reads
   * garbage) on a lost context also becomes ContextLost, not a fault of the model.
   */
  guard<T>(p: Promise<T>): Promise<T>;
  /** The epoch the run is in (what a loss reports). */
  epoch: number;
  /** Stops listening. */
  stop(): void;
}

/** Watches the running backend's WebGL context (a no-op watch on wasm and cpu). */
export function watchContextLoss(): ContextWatch {
  let onLost: () => void = () => undefined;
  const lost = new Promise<'lost'>((resolve) => (onLost = () => resolve('lost')));
  const stop = onWebglContextLost(() => onLost());
  const watch: ContextWatch = {
    epoch: 0,
    stop,
    async guard<T>(p: Promise<T>): Promise<T> {
      try {
        const v = await Promise.race([p, lost]);
        if (v === 'lost') throw new ContextLost(watch.epoch);
        return v;
      } catch (e) {
        if (e instanceof ContextLost || !webglContextLost()) throw e;
        throw new ContextLost(watch.epoch);
      }
    },
  };
  return watch;
}

/**
 * A learning rate to try after one diverged: a power of ten, at most a tenth of the one used
 * and never above the model's default (ARGN's scales with its batch; 1e-3 is its base).
 */
export function saferLearningRate(config: SynthesisConfig): number {
  const control = modelEntry(config.model).learningRate;
  // a model without a learning rate never diverges; the base rate's tenth keeps the old answer
  if (!control) return 1e-4;
  const fallback = control.fallback;
  const used = control.get(config) ?? fallback;
  const ceiling = Math.min(fallback, used / 10);
  // written out: 10 ** -4 is 0.00009999999999999999 in floating point
  return Number(`1e${Math.floor(Math.log10(ceiling) + 1e-9)}`);
}
