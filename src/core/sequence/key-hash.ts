/**
 * Fingerprints of real keys and real entities for a model file: a loaded model must still never
 * write a real key or copy a training entity, but the file must not hold the keys or the
 * entities themselves. 64 bits (two FNV-1a hashes) make an accidental match negligible.
 */
import { newKeys } from './new-keys';

function fnv1a(text: string, basis: number): number {
  let h = basis >>> 0;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** A 64-bit fingerprint of `text`, as 16 hex digits. */
export function fingerprint(text: string): string {
  const a = fnv1a(text, 0x811c9dc5).toString(16).padStart(8, '0');
  const b = fnv1a(text, 0x01000193 ^ 0x5bd1e995)
    .toString(16)
    .padStart(8, '0');
  return a + b;
}

/** What a model file keeps of the real keys: the largest whole-number key, or their fingerprints. */
export interface KeyMemory {
  /** The largest real key when all are whole numbers (new keys count on from it); else null. */
  numericMax: number | null;
  /** Fingerprints of the real keys (text keys only; empty for whole-number keys). */
  fingerprints: string[];
}

export function rememberKeys(keys: readonly string[]): KeyMemory {
  const numeric = keys.length > 0 && keys.every((k) => /^\d{1,15}$/.test(k));
  return numeric
    ? { numericMax: keys.reduce((m, k) => Math.max(m, Number(k)), 0), fingerprints: [] }
    : { numericMax: null, fingerprints: keys.map(fingerprint) };
}

/** `count` new keys that are no real key, from the remembered keys alone. */
export function newKeysFromMemory(memory: KeyMemory, count: number): string[] {
  if (memory.numericMax !== null) return newKeys([String(memory.numericMax)], count);
  const taken = new Set(memory.fingerprints);
  const out: string[] = [];
  for (let extra = 0; out.length < count; extra += Math.max(8, count)) {
    out.length = 0;
    for (const k of newKeys([], count + extra)) {
      if (out.length < count && !taken.has(fingerprint(k))) out.push(k);
    }
  }
  return out;
}
