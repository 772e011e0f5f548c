/**
 * Plain decimal cells (`42`, `-3.50`, `0.05`) as one exact number that also says how the cell
 * was written, so the column dictionary can look them up without making or comparing a string.
 *
 * A cell qualifies when it is `-?(0|[1-9][0-9]*)(\.[0-9]+)?` with at most
 * {@link MAX_DIGITS} digits and is not a negative zero. Its key is `±(m * 32 + d)`: `m` the
 * digits read as one integer, `d` the digits after the point. Such a key is an exact integer
 * and names exactly one text (no leading zeros, no `+`, no exponent), and the text's value is
 * `m / 10^d`, which is what `Number(text)` gives: both are exact doubles, and IEEE division
 * rounds correctly.
 */

/** Digits a keyed cell may have: m * 32 + d must stay an exact integer (below 2^53). */
const MAX_DIGITS = 14;
const ZERO = 0x30;
const NINE = 0x39;
const MINUS = 0x2d;
const POINT = 0x2e;
const POWERS_OF_TEN = Array.from({ length: MAX_DIGITS + 1 }, (_, d) => 10 ** d);

/** The value of the cell last keyed by {@link numericKey} (set only when it returns a key). */
export const keyed = { value: 0 };

/** The key of `text[start, end)`, or NaN when the cell is not a plain decimal of this shape. */
export function numericKey(text: string, start: number, end: number): number {
  let i = start;
  const negative = text.charCodeAt(i) === MINUS;
  if (negative) i += 1;
  const intStart = i;
  let m = 0;
  for (let c = text.charCodeAt(i); i < end && c >= ZERO && c <= NINE; c = text.charCodeAt(i)) {
    m = m * 10 + (c - ZERO);
    i += 1;
  }
  const intDigits = i - intStart;
  if (intDigits === 0 || (intDigits > 1 && text.charCodeAt(intStart) === ZERO)) return NaN;
  let d = 0;
  if (i < end && text.charCodeAt(i) === POINT) {
    i += 1;
    const fracStart = i;
    for (let c = text.charCodeAt(i); i < end && c >= ZERO && c <= NINE; c = text.charCodeAt(i)) {
      m = m * 10 + (c - ZERO);
      i += 1;
    }
    d = i - fracStart;
    if (d === 0) return NaN;
  }
  if (i !== end || intDigits + d > MAX_DIGITS || (negative && m === 0)) return NaN;
  const value = m / (POWERS_OF_TEN[d] as number);
  keyed.value = negative ? -value : value;
  const key = m * 32 + d;
  return negative ? -key : key;
}

/**
 * The one text a key stands for, made in one step: `toFixed` rounds the double exactly, and the
 * double is within 2^-53 of a value of at most {@link MAX_DIGITS} digits, far closer than the
 * half unit of its last place where rounding could tip.
 */
export function keyText(key: number): string {
  const magnitude = Math.abs(key);
  const d = magnitude % 32;
  const value = (magnitude - d) / 32 / (POWERS_OF_TEN[d] as number);
  return (key < 0 ? -value : value).toFixed(d);
}

const bits = new Float64Array(1);
const halves = new Int32Array(bits.buffer);

function keyHash(key: number): number {
  bits[0] = key;
  let h = Math.imul((halves[0] as number) ^ Math.imul(halves[1] as number, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 15;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 13;
  return h;
}

/**
 * Open-addressing index from numeric keys to dictionary codes, with each key's row count: a
 * power of two of slots, at most half full. A slot is 16 bytes in one buffer (the key as a
 * double, then code + 1 and the count as int32s; code + 1 = 0: empty), so that a repeated
 * cell costs one cache line.
 */
export class NumericKeyIndex {
  private keys = new Float64Array(128);
  /** The same buffer as `keys`: int32 `4 * slot + 2` is code + 1, `4 * slot + 3` the count. */
  private ints = new Int32Array(this.keys.buffer);
  private size = 0;

  /** The code of `key` after counting one more row of it, or -1 when it is new (not added). */
  count(key: number): number {
    const at = this.find(key);
    const entry = this.ints[4 * at + 2] as number;
    if (entry === 0) return -1;
    this.ints[4 * at + 3] = (this.ints[4 * at + 3] as number) + 1;
    return entry - 1;
  }

  /** Adds a key {@link count} did not find, with one row. */
  add(key: number, code: number): void {
    this.place(key, code + 1, 1);
    this.size += 1;
    if (4 * this.size > this.keys.length) this.grow();
  }

  /** Writes each code's row count into `counts`. */
  countsInto(counts: number[]): void {
    for (let at = 0; 2 * at < this.keys.length; at += 1) {
      const entry = this.ints[4 * at + 2] as number;
      if (entry !== 0) counts[entry - 1] = this.ints[4 * at + 3] as number;
    }
  }

  private place(key: number, entry: number, rows: number): void {
    const at = this.find(key);
    this.keys[2 * at] = key;
    this.ints[4 * at + 2] = entry;
    this.ints[4 * at + 3] = rows;
  }

  /** The slot holding `key`, or the empty slot where it would go. */
  private find(key: number): number {
    const keys = this.keys;
    const ints = this.ints;
    const mask = keys.length / 2 - 1;
    let at = keyHash(key) & mask;
    while (ints[4 * at + 2] !== 0 && keys[2 * at] !== key) at = (at + 1) & mask;
    return at;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldInts = this.ints;
    this.keys = new Float64Array(oldKeys.length * 2);
    this.ints = new Int32Array(this.keys.buffer);
    for (let from = 0; 2 * from < oldKeys.length; from += 1) {
      const entry = oldInts[4 * from + 2] as number;
      if (entry !== 0)
        this.place(oldKeys[2 * from] as number, entry, oldInts[4 * from + 3] as number);
    }
  }
}
