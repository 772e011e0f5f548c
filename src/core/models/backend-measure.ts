/**
 * Choosing the compute backend by measurement (tfjs-free, so the page, the worker and the tests
 * share it): which WebGL renderers are really a GPU, how a short trial of real training steps
 * is timed, and which backend wins and why, in the words the badge shows.
 */
/** The tfjs backends Facsimile runs on. */
export type BackendName = 'webgl' | 'wasm' | 'cpu';

/**
 * Renderers that draw WebGL on the CPU: SwiftShader (Chromium's fallback, also behind ANGLE's
 * Vulkan), Mesa's llvmpipe / softpipe / lavapipe, Microsoft's Basic Render Driver and the
 * generic "software" ones. WebGL on them is no GPU: it competes with wasm for the same cores.
 */
const SOFTWARE_RENDERERS =
  /swiftshader|llvmpipe|softpipe|lavapipe|basic render driver|software|mesa offscreen|subzero/i;

/** True when the unmasked WebGL renderer string names a software rasteriser. */
export function isSoftwareRenderer(renderer: string): boolean {
  return SOFTWARE_RENDERERS.test(renderer);
}

/** A short name for a software renderer in a sentence ("SwiftShader", "llvmpipe"). */
export function softwareRendererName(renderer: string): string {
  const m = /swiftshader|llvmpipe|softpipe|lavapipe|basic render driver/i.exec(renderer);
  if (!m) return 'a software renderer';
  const name = m[0].toLowerCase();
  return name === 'swiftshader'
    ? 'SwiftShader'
    : name === 'basic render driver'
      ? 'Microsoft Basic Render Driver'
      : name;
}

/** One backend's trial: the median seconds per training step after a warm-up step. */
export interface BackendTrial {
  name: BackendName;
  secondsPerStep: number;
  /** Timed steps (the warm-up step not counted). */
  steps: number;
  /** wasm: its thread count. */
  threads?: number;
  /** True for WebGL drawn by a software renderer. */
  software?: boolean;
}

/** Steps timed per backend in a trial, after one warm-up step (shaders, kernels, first upload). */
export const TRIAL_STEPS = 3;

/**
 * Times a training run's first steps: one warm-up step, then up to `steps` timed ones; returns
 * the median seconds per timed step (null when the run ends before any timed step). `next`
 * must settle only when its step has finished (losses read back every step). `clock` is in ms.
 */
export async function timeSteps(
  next: () => Promise<{ done?: boolean }>,
  steps: number,
  clock: () => number,
): Promise<{ secondsPerStep: number; steps: number } | null> {
  if ((await next()).done) return null;
  const times: number[] = [];
  for (let i = 0; i < steps; i++) {
    const start = clock();
    if ((await next()).done) break;
    times.push((clock() - start) / 1000);
  }
  if (times.length === 0) return null;
  const sorted = [...times].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const at = (i: number) => sorted[i] ?? 0;
  const median = sorted.length % 2 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
  return { secondsPerStep: median, steps: times.length };
}

/** The backend as the badge names it: "WebGL", "WebAssembly, 2 threads", "CPU". */
export function backendLabel(name: BackendName, threads?: number): string {
  const base = name === 'webgl' ? 'WebGL' : name === 'wasm' ? 'WebAssembly' : 'CPU';
  if (name !== 'wasm' || threads === undefined) return base;
  return `${base}, ${threads} ${threads === 1 ? 'thread' : 'threads'}`;
}

function trialLabel(t: BackendTrial): string {
  const base = backendLabel(t.name, t.threads);
  return t.software ? `software ${base}` : base;
}

/** Which backend to train on after a trial, and the sentence that says why. */
export interface TrialChoice {
  name: BackendName;
  reason: string;
}

/**
 * The fastest backend of a trial (fewest seconds per step), with its speed-up over the
 * runner-up: "WebAssembly, 2 threads: 5.2x faster than software WebGL in a 3-step trial".
 * With one trial only, says it was the only one that ran. Throws on an empty list.
 */
export function chooseByTrial(trials: readonly BackendTrial[]): TrialChoice {
  const sorted = [...trials].sort((a, b) => a.secondsPerStep - b.secondsPerStep);
  const best = sorted[0];
  if (!best) throw new Error('no backend could be timed');
  const steps = Math.min(...trials.map((t) => t.steps));
  const runnerUp = sorted[1];
  if (!runnerUp) {
    return { name: best.name, reason: `${trialLabel(best)}: the only backend that ran the trial` };
  }
  const ratio = runnerUp.secondsPerStep / Math.max(best.secondsPerStep, 1e-9);
  return {
    name: best.name,
    reason: `${trialLabel(best)}: ${ratio.toFixed(1)}x faster than ${trialLabel(runnerUp)} in a ${steps}-step trial`,
  };
}

/**
 * The backends worth a trial: WebGL only when its renderer is a real GPU (a software renderer
 * shares the CPU with wasm and lost to it by 4-8x per epoch in our measurements), wasm always,
 * and never the plain-JS CPU backend while wasm is there. `renderer` is null without WebGL.
 */
export function trialCandidates(
  renderer: string | null,
  available: readonly BackendName[],
): BackendName[] {
  return available.filter((b) => {
    if (b === 'webgl') return renderer !== null && !isSoftwareRenderer(renderer);
    if (b === 'cpu') return !available.includes('wasm');
    return true;
  });
}

/** Why WebGL was left out of the trial, for the badge; null when it was not. */
export function webglSkipReason(renderer: string | null): string | null {
  if (renderer === null) return 'no WebGL in this browser';
  if (isSoftwareRenderer(renderer))
    return `WebGL here is drawn by ${softwareRendererName(renderer)} on the CPU, not a GPU`;
  return null;
}
