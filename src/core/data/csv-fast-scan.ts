import type { ReadReport } from '../types';
import { FNV_OFFSET, FNV_PRIME, fnvRange } from './column-dictionary';
import type { TableBuilder } from './table-builder';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

export interface ScanStop {
  /** Where the records not taken start: an unfinished record, or one the scanner leaves. */
  cursor: number;
  /** The record at `cursor` is complete but irregular: papaparse must read from there. */
  irregular: boolean;
}

/** Reusable field bounds, grown to the widest record seen. */
let starts = new Int32Array(64);
let ends = new Int32Array(64);
/** Each field's FNV-1a hash, taken while scanning it, for the column dictionary. */
let hashes = new Int32Array(64);
/** 1 where the field is quoted and holds a doubled quote or a line break. */
let escaped = new Uint8Array(64);

function ensureFields(n: number): void {
  if (n < starts.length) return;
  const size = Math.max(n + 1, starts.length * 2);
  const s = new Int32Array(size);
  const e = new Int32Array(size);
  const h = new Int32Array(size);
  const q = new Uint8Array(size);
  s.set(starts);
  e.set(ends);
  h.set(hashes);
  q.set(escaped);
  starts = s;
  ends = e;
  hashes = h;
  escaped = q;
}

/**
 * Reads the regular records at the start of `text` straight into `builder`, without making a
 * string per cell: the fast path of the CSV reader for the common case.
 *
 * A record is regular when every field is either unquoted (no quote, CR or LF in it) or quoted
 * and closed right before a delimiter or the line ending. Those are read exactly as papaparse
 * reads them (doubled quotes become one; line breaks inside quotes are kept). The scan stops,
 * leaving the rest to papaparse, at the first irregular record (a quote inside an unquoted
 * field, text after a closing quote, a line ending of another kind) and at an unfinished record
 * at the end of the text.
 *
 * Records with the wrong number of fields, blank lines and records with a doubled quote or a
 * line break in a cell are handed to the builder as strings, so its rules for them (padding,
 * setting aside, counting lines) apply unchanged.
 */
export function scanRegularRecords(
  text: string,
  delimiter: string,
  lineEnding: ReadReport['lineEnding'],
  builder: TableBuilder,
): ScanStop {
  const delim = delimiter.charCodeAt(0);
  const crlf = lineEnding === '\r\n';
  const eol = lineEnding === '\r' ? CR : LF;
  const otherBreak = lineEnding === '\n' ? CR : lineEnding === '\r' ? LF : -1;
  const length = text.length;
  let pos = 0;
  for (;;) {
    const recordStart = pos;
    let n = 0;
    let anyEscaped = false;
    for (;;) {
      if (pos >= length) return { cursor: recordStart, irregular: false };
      ensureFields(n);
      let c = text.charCodeAt(pos);
      if (c === QUOTE) {
        const close = closingQuote(text, pos + 1);
        if (close < 0) return { cursor: recordStart, irregular: false };
        starts[n] = pos + 1;
        ends[n] = close;
        escaped[n] = needsCopy(text, pos + 1, close) ? 1 : 0;
        anyEscaped ||= escaped[n] === 1;
        hashes[n] = fnvRange(text, pos + 1, close);
        pos = close + 1;
        c = text.charCodeAt(pos);
      } else {
        escaped[n] = 0;
        starts[n] = pos;
        let h = FNV_OFFSET;
        while (c !== delim && c !== LF && c !== CR && c !== QUOTE) {
          h = Math.imul(h ^ c, FNV_PRIME);
          pos += 1;
          if (pos >= length) return { cursor: recordStart, irregular: false };
          c = text.charCodeAt(pos);
        }
        if (c === QUOTE) return { cursor: recordStart, irregular: true };
        ends[n] = pos;
        hashes[n] = h;
      }
      n += 1;
      if (c === delim) {
        pos += 1;
        continue;
      }
      if (c === otherBreak) return { cursor: recordStart, irregular: true };
      if (crlf) {
        if (c !== CR) return { cursor: recordStart, irregular: true };
        if (pos + 1 >= length) return { cursor: recordStart, irregular: false };
        if (text.charCodeAt(pos + 1) !== LF) return { cursor: recordStart, irregular: true };
        pos += 2;
      } else {
        if (c !== eol) return { cursor: recordStart, irregular: true };
        pos += 1;
      }
      break;
    }
    takeRecord(text, n, anyEscaped, builder);
  }
}

/**
 * The index of the quote that closes a quoted field whose text starts at `from` (doubled quotes
 * are skipped), or -1 when the text ends first (including right after the quote: what follows
 * decides whether it is doubled).
 */
function closingQuote(text: string, from: number): number {
  let at = from;
  for (;;) {
    const close = text.indexOf('"', at);
    if (close < 0 || close + 1 >= text.length) return -1;
    if (text.charCodeAt(close + 1) !== QUOTE) return close;
    at = close + 2;
  }
}

/** Whether a quoted field's text holds a doubled quote or a line break (read as a string). */
function needsCopy(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i += 1) {
    const c = text.charCodeAt(i);
    if (c === QUOTE || c === LF || c === CR) return true;
  }
  return false;
}

function takeRecord(text: string, n: number, anyEscaped: boolean, builder: TableBuilder): void {
  const blank = n === 1 && starts[0] === ends[0];
  if (n === builder.width && !blank && !anyEscaped) {
    builder.addFieldRanges(text, starts, ends, hashes);
    return;
  }
  const fields: string[] = [];
  for (let i = 0; i < n; i += 1) {
    const field = text.slice(starts[i], ends[i]);
    fields.push(escaped[i] === 1 ? field.replaceAll('""', '"') : field);
  }
  builder.addRecord(fields);
}
