/**
 * Which tfjs backend the engine runs on, and the fall back after a lost WebGL context: once
 * WebGL was lost in this worker it is never chosen again here, and the reason says so.
 */
import {
  abandonWebgl,
  initBackend,
  type BackendChoice,
  type BackendOptions,
} from '../core/models/backend';
import { modelEntry } from '../core/models/registry';
import type { Prepared, SynthesisConfig } from '../core/pipeline';
import { measuredBackend } from './backend-trial';
import type { BackendName } from './protocol';

/** Starts the first backend of `order` that works (core/models/backend's initBackend). */
export type StartBackend = (
  order: readonly BackendName[],
  options: BackendOptions,
) => Promise<BackendChoice>;

/** The order to try: the page's, without WebGL once it was lost; wasm then cpu when empty. */
export function backendOrder(asked: readonly BackendName[], webglLost: boolean): BackendName[] {
  const order = webglLost ? asked.filter((b) => b !== 'webgl') : [...asked];
  if (order.length === 0) order.push('wasm', 'cpu');
  return order;
}

/** What the page is told after WebGL was lost mid-run. */
export function lostWebglReason(choice: BackendName, lostAt: number, nextEpoch: number): string {
  const label = choice === 'wasm' ? 'WebAssembly' : 'the CPU';
  return `WebGL was lost at epoch ${lostAt}; continuing on ${label} from epoch ${nextEpoch}`;
}

export class BackendKeeper {
  private backend: BackendChoice | null = null;
  /** WebGL lost its context in this worker: it is never chosen again here. */
  private webglLost = false;

  constructor(
    private readonly wasmPath: string,
    private readonly start: StartBackend = initBackend,
    private readonly abandon: () => void = abandonWebgl,
  ) {}

  /** The backend for `asked`, started only when it is not the one running. */
  async ensure(asked: readonly BackendName[]): Promise<BackendChoice> {
    const order = backendOrder(asked, this.webglLost);
    if (!this.backend || this.backend.name !== order[0]) {
      this.backend = await this.start(order, { wasmPath: this.wasmPath });
      if (this.webglLost && asked[0] === 'webgl')
        this.backend = {
          ...this.backend,
          reason: `WebGL was lost earlier in this tab; ${this.backend.reason}`,
        };
    }
    return this.backend;
  }

  /**
   * Compute "Automatic": the backend of `asked` that a short trial of `config`'s model on
   * `prepared` finds fastest (backend-trial), without WebGL once it was lost here.
   */
  async measure(
    prepared: Prepared,
    config: SynthesisConfig,
    asked: readonly BackendName[],
  ): Promise<BackendChoice> {
    const order = backendOrder(asked, this.webglLost);
    const epochs = modelEntry(config.model).trainsInEpochs;
    this.backend = await measuredBackend(prepared, config, order, epochs, this.wasmPath);
    return this.backend;
  }

  /** Switches to wasm (cpu if wasm fails) after a lost context; returns the new choice. */
  async leaveWebgl(lostAt: number, nextEpoch: number): Promise<BackendChoice> {
    this.webglLost = true;
    this.abandon();
    const choice = await this.start(['wasm', 'cpu'], { wasmPath: this.wasmPath });
    this.backend = { ...choice, reason: lostWebglReason(choice.name, lostAt, nextEpoch) };
    return this.backend;
  }
}
