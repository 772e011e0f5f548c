import { describe, expect, it } from 'vitest';
import {
  backendLabel,
  chooseByTrial,
  isSoftwareRenderer,
  timeSteps,
  trialCandidates,
  webglSkipReason,
} from '../../src/core/models/backend-measure';
import { wasmThreadsFor } from '../../src/core/models/backend';

const SWIFTSHADER =
  'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)';
const LLVMPIPE = 'llvmpipe (LLVM 15.0.6, 256 bits)';
const NVIDIA =
  'ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 (0x00002503) Direct3D11 vs_5_0 ps_5_0, D3D11)';
const INTEL = 'ANGLE (Intel, Mesa Intel(R) UHD Graphics 620 (KBL GT2), OpenGL 4.6)';
const APPLE = 'Apple M1';

describe('software WebGL renderers', () => {
  it('counts SwiftShader, llvmpipe, lavapipe and the Basic Render Driver as no GPU', () => {
    expect(isSoftwareRenderer(SWIFTSHADER)).toBe(true);
    expect(isSoftwareRenderer(LLVMPIPE)).toBe(true);
    expect(isSoftwareRenderer('Vulkan (llvmpipe) lavapipe')).toBe(true);
    expect(isSoftwareRenderer('ANGLE (Microsoft, Microsoft Basic Render Driver, D3D11)')).toBe(
      true,
    );
  });

  it('counts NVIDIA, Intel (Mesa driver) and Apple GPUs as hardware', () => {
    expect(isSoftwareRenderer(NVIDIA)).toBe(false);
    expect(isSoftwareRenderer(INTEL)).toBe(false);
    expect(isSoftwareRenderer(APPLE)).toBe(false);
  });

  it('leaves software WebGL and the CPU backend out of the trial when wasm runs', () => {
    expect(trialCandidates(SWIFTSHADER, ['webgl', 'wasm', 'cpu'])).toEqual(['wasm']);
    expect(trialCandidates(NVIDIA, ['webgl', 'wasm', 'cpu'])).toEqual(['webgl', 'wasm']);
    expect(trialCandidates(null, ['webgl', 'wasm', 'cpu'])).toEqual(['wasm']);
    expect(trialCandidates(NVIDIA, ['webgl', 'cpu'])).toEqual(['webgl', 'cpu']);
  });

  it('says why WebGL was left out', () => {
    expect(webglSkipReason(SWIFTSHADER)).toMatch(/SwiftShader on the CPU, not a GPU/);
    expect(webglSkipReason(null)).toMatch(/no WebGL/);
    expect(webglSkipReason(NVIDIA)).toBeNull();
  });
});

describe('the backend trial', () => {
  it('picks the fastest backend and says by how much', () => {
    const choice = chooseByTrial([
      { name: 'webgl', secondsPerStep: 0.52, steps: 3, software: true },
      { name: 'wasm', secondsPerStep: 0.1, steps: 3, threads: 2 },
    ]);
    expect(choice.name).toBe('wasm');
    expect(choice.reason).toBe(
      'WebAssembly, 2 threads: 5.2x faster than software WebGL in a 3-step trial',
    );
  });

  it('trains on WebGL when the GPU wins', () => {
    const choice = chooseByTrial([
      { name: 'wasm', secondsPerStep: 0.3, steps: 3, threads: 8 },
      { name: 'webgl', secondsPerStep: 0.1, steps: 2 },
    ]);
    expect(choice.name).toBe('webgl');
    expect(choice.reason).toBe('WebGL: 3.0x faster than WebAssembly, 8 threads in a 2-step trial');
  });

  it('says so when only one backend ran', () => {
    const choice = chooseByTrial([{ name: 'wasm', secondsPerStep: 0.2, steps: 3, threads: 1 }]);
    expect(choice).toEqual({
      name: 'wasm',
      reason: 'WebAssembly, 1 thread: the only backend that ran the trial',
    });
  });

  it('refuses an empty trial', () => {
    expect(() => chooseByTrial([])).toThrow(/no backend/);
  });

  it('times the steps after a warm-up step and returns their median', async () => {
    // step durations in ms: warm-up 5000 (shader compile), then 300, 100, 200
    const durations = [5000, 300, 100, 200, 999];
    let t = 0;
    let i = 0;
    const next = () => {
      t += durations[i++] ?? 0;
      return Promise.resolve({ done: false });
    };
    const r = await timeSteps(next, 3, () => t);
    expect(r).toEqual({ secondsPerStep: 0.2, steps: 3 });
    expect(i).toBe(4);
  });

  it('times what there is when the run is shorter than the trial, and nothing without a step', async () => {
    let left = 3;
    const short = () => Promise.resolve({ done: left-- <= 0 });
    let t = 0;
    const clock = () => (t += 1000);
    expect(await timeSteps(short, 5, clock)).toEqual({ secondsPerStep: 1, steps: 2 });
    const empty = () => Promise.resolve({ done: true });
    expect(await timeSteps(empty, 3, clock)).toBeNull();
  });
});

describe('WebAssembly threads', () => {
  it('uses every core up to 8, and 1 when the count is unknown', () => {
    expect(wasmThreadsFor(2)).toBe(2);
    expect(wasmThreadsFor(16)).toBe(8);
    expect(wasmThreadsFor(undefined)).toBe(1);
    expect(wasmThreadsFor(0)).toBe(1);
  });

  it('names the thread count in the badge', () => {
    expect(backendLabel('wasm', 2)).toBe('WebAssembly, 2 threads');
    expect(backendLabel('wasm', 1)).toBe('WebAssembly, 1 thread');
    expect(backendLabel('webgl')).toBe('WebGL');
  });
});
