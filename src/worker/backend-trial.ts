/**
 * Compute "Automatic": picks the backend a run trains on by measurement. Reads the WebGL
 * renderer (a software one is no GPU), times a few real training steps of the run's own model
 * on its own prepared table on each usable backend, and keeps the fastest; the choice is
 * remembered per model kind in this browser (IndexedDB), for the same renderer and cores.
 */
import { createStore, get, set } from 'idb-keyval';
import {
  chooseByTrial,
  isSoftwareRenderer,
  TRIAL_STEPS,
  timeSteps,
  trialCandidates,
  webglSkipReason,
  type BackendTrial,
} from '../core/models/backend-measure';
import { initBackend, type BackendChoice } from '../core/models/backend';
import { Synthesis, type Prepared, type SynthesisConfig } from '../core/pipeline';
import type { BackendName } from './protocol';

/** What is remembered for a model kind: the winner, why, and the machine it was measured on. */
interface RememberedChoice {
  name: BackendName;
  reason: string;
  renderer: string | null;
  cores: number;
  at: string;
}

const store = typeof indexedDB !== 'undefined' ? createStore('facsimile-compute', 'choices') : null;

/**
 * The unmasked WebGL renderer string (WEBGL_debug_renderer_info), or null without WebGL 2.
 * Read on a throw-away OffscreenCanvas, so it costs no tfjs backend.
 */
export function webglRenderer(): string | null {
  try {
    if (typeof OffscreenCanvas === 'undefined') return null;
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (!gl) return null;
    const ext = gl.getExtension('WEBGL_debug_renderer_info') as {
      UNMASKED_RENDERER_WEBGL: number;
    } | null;
    const renderer = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return renderer;
  } catch {
    return null;
  }
}

function cores(): number {
  return typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 1 : 1;
}

async function remembered(kind: string, renderer: string | null): Promise<RememberedChoice | null> {
  if (!store) return null;
  try {
    const r = await get<RememberedChoice>(`choice:${kind}`, store);
    return r && r.renderer === renderer && r.cores === cores() ? r : null;
  } catch {
    return null; // a private window may refuse IndexedDB: measure again
  }
}

async function remember(kind: string, choice: RememberedChoice): Promise<void> {
  if (!store) return;
  try {
    await set(`choice:${kind}`, choice, store);
  } catch {
    // not remembering costs one more trial next time
  }
}

/** Seconds per step of `config`'s model on the backend now running, or null if it could not run. */
async function trialOn(prepared: Prepared, config: SynthesisConfig): Promise<BackendTrial | null> {
  const run = Synthesis.train(prepared, config, { lossEvery: 1 });
  try {
    const timed = await timeSteps(
      () => run.next(),
      TRIAL_STEPS,
      () => performance.now(),
    );
    return timed ? { name: 'cpu', ...timed } : null;
  } finally {
    // leaving the generator frees the trial's model
    await run.return(undefined as unknown as Synthesis);
  }
}

/**
 * Times TRIAL_STEPS real training steps (after a warm-up step) of `config`'s model on
 * `prepared` on each backend of `candidates` in turn; a backend that fails to start or to step
 * is left out. Each trial's model is freed; the last candidate's backend is left running.
 */
export async function runTrials(
  prepared: Prepared,
  config: SynthesisConfig,
  candidates: readonly BackendName[],
  renderer: string | null,
  wasmPath: string,
): Promise<BackendTrial[]> {
  const trials: BackendTrial[] = [];
  for (const name of candidates) {
    const backend = await initBackend([name], { wasmPath }).catch(() => null);
    if (!backend) continue;
    const t = await trialOn(prepared, config).catch(() => null);
    if (!t) continue;
    trials.push({
      ...t,
      name,
      ...(backend.threads !== undefined ? { threads: backend.threads } : {}),
      ...(name === 'webgl' && renderer && isSoftwareRenderer(renderer) ? { software: true } : {}),
    });
  }
  return trials;
}

/**
 * Starts the backend "Automatic" should train `config`'s model on, from `order` (the backends
 * allowed, in fallback order). Returns the started backend with the badge's reason.
 */
export async function measuredBackend(
  prepared: Prepared,
  config: SynthesisConfig,
  order: readonly BackendName[],
  trainsInEpochs: boolean,
  wasmPath: string,
): Promise<BackendChoice> {
  const renderer = order.includes('webgl') ? webglRenderer() : null;
  const candidates = trialCandidates(renderer, order);
  const rest = (first: BackendName) => [first, ...order.filter((b) => b !== first)];
  const skip = order.includes('webgl') ? webglSkipReason(renderer) : null;
  const started = async (name: BackendName, reason: string) => {
    const choice = await initBackend(rest(name), { wasmPath });
    if (choice.name !== name) return choice;
    return { ...choice, reason: choice.products ? `${reason}; ${choice.products}` : reason };
  };
  const first = candidates[0] ?? 'cpu';
  if (!trainsInEpochs || candidates.length === 1) {
    const why = !trainsInEpochs ? 'the model fits in one pass, so no trial' : skip;
    return started(first, why ?? 'the only usable backend');
  }
  const known = await remembered(config.model, renderer);
  if (known) return started(known.name, `${known.reason} (this browser's trial of ${known.at})`);
  const trials = await runTrials(prepared, config, candidates, renderer, wasmPath);
  if (trials.length === 0) return started(first, 'the trial could not run');
  const choice = chooseByTrial(trials);
  await remember(config.model, {
    ...choice,
    renderer,
    cores: cores(),
    at: new Date().toISOString().slice(0, 10),
  });
  return started(choice.name, choice.reason);
}
