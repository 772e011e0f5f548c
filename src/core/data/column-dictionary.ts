import type { RawColumn } from '../types';
import { parsePlainNumber } from './number-format';
import { NumericKeyIndex, keyText, keyed, numericKey } from './numeric-cell';

const EMPTY = 0;
/** V8's shortest substring kept as a view of its parent (SlicedString::kMinLength). */
const SHORTEST_SLICE_SHARED = 13;
/** FNV-1a's offset basis and prime (32 bits). */
export const FNV_OFFSET = 0x811c9dc5 | 0;
export const FNV_PRIME = 0x01000193;
/** Int32s per slot of the index: hash, code + 1 (0: empty), row count, length. */
const SLOT = 4;
const HASH = 0;
const ENTRY = 1;
const COUNT = 2;
const LENGTH = 3;

/** FNV-1a over the UTF-16 code units of `text[start, end)`, before {@link finishHash}. */
export function fnvRange(text: string, start: number, end: number): number {
  let h = FNV_OFFSET;
  for (let i = start; i < end; i += 1) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h;
}

/**
 * A final avalanche over an FNV-1a hash, so that linear probing on the low bits spreads well
 * (codes and dates differ mostly in their last characters).
 */
function finishHash(fnv: number): number {
  let h = fnv;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h | 0;
}

/** The hash the dictionary keys `text[start, end)` by. */
export function hashRange(text: string, start: number, end: number): number {
  return finishHash(fnvRange(text, start, end)) >>> 0;
}

function sameText(value: string, text: string, start: number): boolean {
  for (let i = 0; i < value.length; i += 1) {
    if (value.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
  }
  return true;
}

/**
 * A growable dictionary-encoded column: each distinct cell once in `values` (first-seen order),
 * how often it occurs, and one code per row.
 *
 * Cells can be added as strings or as a range of a larger text (the CSV chunk being read), so
 * that a repeated cell costs a hash and a comparison and no new string: a million-row file has
 * fifteen million cells but few distinct ones in most columns. The index is an open-addressing
 * table keyed by {@link hashRange}; each slot also holds its value's row count and length, so
 * that counting a repeated cell touches no memory beyond the slot and the value's text (in a
 * column of a million different values, every other access is a cache miss).
 */
export class ColumnDictionary {
  /** Distinct values by code; a plain decimal's text is written only at the end. */
  private readonly values: string[] = [];
  /** Plain decimal cells (most numbers) are looked up by their numeric key, not as text. */
  private readonly numeric = new NumericKeyIndex();
  /** Codes whose text is still to be written from their key, and those keys. */
  private readonly keyedCodes: number[] = [];
  private readonly keys: number[] = [];
  /** Each distinct value read as a plain number once, when it is first seen (NaN if not one). */
  private numbers = new Float64Array(64);
  codes = new Uint32Array(1024);
  /** Open addressing, {@link SLOT} int32s per slot; a power of two of slots, at most half full. */
  private slots = new Int32Array(64 * SLOT);
  /** Values in {@link slots}. */
  private textCount = 0;

  /** Adds `cell` as row `row`. */
  push(row: number, cell: string): void {
    this.pushRange(row, cell, 0, cell.length);
  }

  /** Adds `text[start, end)` as row `row`. */
  pushRange(row: number, text: string, start: number, end: number): void {
    this.pushHashed(row, text, start, end, fnvRange(text, start, end));
  }

  /** Adds `text[start, end)` as row `row`, given `fnvRange(text, start, end)` (the scanner's). */
  pushHashed(row: number, text: string, start: number, end: number, fnv: number): void {
    const key = numericKey(text, start, end);
    const code = Number.isNaN(key) ? this.textCode(text, start, end, fnv) : this.numericCode(key);
    if (row >= this.codes.length) {
      const grown = new Uint32Array(this.codes.length * 2);
      grown.set(this.codes);
      this.codes = grown;
    }
    this.codes[row] = code;
  }

  /** The code of a plain decimal cell, added when new (its number is already read). */
  private numericCode(key: number): number {
    let code = this.numeric.count(key);
    if (code >= 0) return code;
    code = this.newCode('', keyed.value);
    this.keyedCodes.push(code);
    this.keys.push(key);
    this.numeric.add(key, code);
    return code;
  }

  /** The code of any other cell, found by its text, added when new. */
  private textCode(text: string, start: number, end: number, fnv: number): number {
    const hash = finishHash(fnv);
    const length = end - start;
    const slots = this.slots;
    const mask = slots.length / SLOT - 1;
    let at = (hash & mask) * SLOT;
    let code = -1;
    for (;;) {
      const entry = slots[at + ENTRY] as number;
      if (entry === EMPTY) break;
      if (
        slots[at + HASH] === hash &&
        slots[at + LENGTH] === length &&
        sameText(this.values[entry - 1] as string, text, start)
      ) {
        code = entry - 1;
        slots[at + COUNT] = (slots[at + COUNT] as number) + 1;
        break;
      }
      at = (at + SLOT) & (slots.length - 1);
    }
    return code < 0 ? this.addValue(at, hash, text, start, end) : code;
  }

  /** Gives a new distinct value the next code. */
  private newCode(value: string, number: number): number {
    const code = this.values.length;
    this.values.push(value);
    if (code >= this.numbers.length) {
      const grown = new Float64Array(this.numbers.length * 2);
      grown.set(this.numbers);
      this.numbers = grown;
    }
    this.numbers[code] = number;
    return code;
  }

  /** Puts a new value in the empty slot at `at`, with a count of one; returns its code. */
  private addValue(at: number, hash: number, text: string, start: number, end: number): number {
    // A copy of the cell, so the dictionary does not pin the whole chunk in memory: V8 keeps a
    // slice of 13 characters or more pointing into its parent, and copies shorter ones.
    const own =
      end - start < SHORTEST_SLICE_SHARED
        ? text.slice(start, end)
        : (' ' + text.slice(start, end)).slice(1);
    const code = this.newCode(own, parsePlainNumber(own));
    this.textCount += 1;
    const slots = this.slots;
    slots[at + HASH] = hash;
    slots[at + ENTRY] = code + 1;
    slots[at + COUNT] = 1;
    slots[at + LENGTH] = end - start;
    if (2 * this.textCount > slots.length / SLOT) this.grow();
    return code;
  }

  private grow(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    const wrap = slots.length - 1;
    const mask = slots.length / SLOT - 1;
    for (let from = 0; from < old.length; from += SLOT) {
      if (old[from + ENTRY] === EMPTY) continue;
      let at = ((old[from + HASH] as number) & mask) * SLOT;
      while (slots[at + ENTRY] !== EMPTY) at = (at + SLOT) & wrap;
      for (let k = 0; k < SLOT; k += 1) slots[at + k] = old[from + k] as number;
    }
    this.slots = slots;
  }

  /** How many rows hold each value, in the order of `values`. */
  get counts(): number[] {
    const counts = new Array<number>(this.values.length).fill(0);
    const slots = this.slots;
    for (let at = 0; at < slots.length; at += SLOT) {
      const entry = slots[at + ENTRY] as number;
      if (entry !== EMPTY) counts[entry - 1] = slots[at + COUNT] as number;
    }
    this.numeric.countsInto(counts);
    return counts;
  }

  finish(rowCount: number): RawColumn {
    this.keyedCodes.forEach((code, i) => {
      this.values[code] = keyText(this.keys[i] as number);
    });
    this.keyedCodes.length = 0;
    this.keys.length = 0;
    return {
      values: this.values,
      counts: this.counts,
      codes: this.codes.slice(0, rowCount),
      numbers: this.numbers.slice(0, this.values.length),
    };
  }
}
