import type { RawColumn } from '../types';
import { parsePlainNumber } from './number-format';

const EMPTY = 0;
/** V8's shortest substring kept as a view of its parent (SlicedString::kMinLength). */
const SHORTEST_SLICE_SHARED = 13;

/**
 * FNV-1a over the UTF-16 code units of `text[start, end)`, with a final avalanche so that linear
 * probing on the low bits spreads well (codes and dates differ mostly in their last characters).
 */
export function hashRange(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

function sameText(value: string, text: string, start: number, end: number): boolean {
  if (value.length !== end - start) return false;
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
 * table of codes keyed by {@link hashRange}.
 */
export class ColumnDictionary {
  readonly values: string[] = [];
  readonly counts: number[] = [];
  /** Each distinct value read as a plain number once, when it is first seen (NaN if not one). */
  private numbers = new Float64Array(64);
  codes = new Uint32Array(1024);
  /**
   * Open addressing, one slot = [hash, code + 1] side by side (0: empty), so a probe reads one
   * cache line; a power of two of slots, at most half full.
   */
  private slots = new Int32Array(128);

  /** Adds `cell` as row `row`. */
  push(row: number, cell: string): void {
    this.pushRange(row, cell, 0, cell.length);
  }

  /** Adds `text[start, end)` as row `row`. */
  pushRange(row: number, text: string, start: number, end: number): void {
    const hash = hashRange(text, start, end) | 0;
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    let slot = hash & mask;
    let code = -1;
    for (;;) {
      const entry = slots[2 * slot + 1] as number;
      if (entry === EMPTY) break;
      if (
        slots[2 * slot] === hash &&
        sameText(this.values[entry - 1] as string, text, start, end)
      ) {
        code = entry - 1;
        break;
      }
      slot = (slot + 1) & mask;
    }
    if (code < 0) code = this.addValue(slot, hash, text, start, end);
    this.counts[code] = (this.counts[code] as number) + 1;
    if (row >= this.codes.length) {
      const grown = new Uint32Array(this.codes.length * 2);
      grown.set(this.codes);
      this.codes = grown;
    }
    this.codes[row] = code;
  }

  private addValue(slot: number, hash: number, text: string, start: number, end: number): number {
    const code = this.values.length;
    // A copy of the cell, so the dictionary does not pin the whole chunk in memory: V8 keeps a
    // slice of 13 characters or more pointing into its parent, and copies shorter ones.
    const own =
      end - start < SHORTEST_SLICE_SHARED
        ? text.slice(start, end)
        : (' ' + text.slice(start, end)).slice(1);
    this.values.push(own);
    this.counts.push(0);
    if (code >= this.numbers.length) {
      const grown = new Float64Array(this.numbers.length * 2);
      grown.set(this.numbers);
      this.numbers = grown;
    }
    this.numbers[code] = parsePlainNumber(own);
    this.slots[2 * slot] = hash;
    this.slots[2 * slot + 1] = code + 1;
    if (4 * this.values.length > this.slots.length) this.grow();
    return code;
  }

  private grow(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    const mask = (slots.length >> 1) - 1;
    for (let i = 0; i < old.length; i += 2) {
      const entry = old[i + 1] as number;
      if (entry === EMPTY) continue;
      const hash = old[i] as number;
      let slot = hash & mask;
      while (slots[2 * slot + 1] !== EMPTY) slot = (slot + 1) & mask;
      slots[2 * slot] = hash;
      slots[2 * slot + 1] = entry;
    }
    this.slots = slots;
  }

  finish(rowCount: number): RawColumn {
    return {
      values: this.values,
      counts: this.counts,
      codes: this.codes.slice(0, rowCount),
      numbers: this.numbers.slice(0, this.values.length),
    };
  }
}
