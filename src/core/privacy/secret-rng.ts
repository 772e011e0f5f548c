/**
 * The generator of a DP model's noise (and of DP-SGD's Poisson batches): seeded from the
 * platform's cryptographic source (Web Crypto, in browsers and Node alike), never from the run's
 * seed, which the model file records: with that seed anyone holding the file could replay the
 * noise and take it off again. The generator itself is the project's fast simulation one, as
 * Opacus without its secure mode; a DP fit is therefore not repeatable from its seed (sampling
 * from a fitted model still is).
 */
import { Rng } from '../rng';

export function secretRng(): Rng {
  const words = new Uint32Array(2);
  globalThis.crypto.getRandomValues(words);
  return new Rng(((words[0] as number) ^ Math.imul(words[1] as number, 0x9e3779b1)) >>> 0);
}
