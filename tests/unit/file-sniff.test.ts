import { describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES, sniffFile } from '../../src/core/data/file-sniff';
import { ReadError } from '../../src/core/data/table-builder';

const bytes = (...b: number[]) => new Uint8Array(b);
const text = (s: string) => new TextEncoder().encode(s);

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    return e instanceof ReadError ? e.code : 'not a ReadError';
  }
}

describe('sniffing a file before reading it', () => {
  it('refuses an empty file', () => {
    expect(codeOf(() => sniffFile(new Uint8Array(0), 0))).toBe('empty');
  });

  it('refuses a file larger than the tab can hold, with its size in the message', () => {
    expect(codeOf(() => sniffFile(text('a,b\n'), MAX_FILE_BYTES + 1))).toBe('too-large');
    expect(() => sniffFile(text('a,b\n'), 3 * 1024 ** 3)).toThrow(/3\.0 GB/);
  });

  it.each([
    [[0x50, 0x4b, 0x03, 0x04, 1, 2], /Excel workbook/],
    [[0x25, 0x50, 0x44, 0x46, 0x2d], /PDF/],
    [[0x89, 0x50, 0x4e, 0x47, 0x0d], /PNG/],
    [[0x1f, 0x8b, 8, 0], /gzip/],
  ])('names a known binary format (%j)', (head, message) => {
    expect(() => sniffFile(bytes(...head), head.length)).toThrow(message);
  });

  it('refuses a file with NUL bytes as binary', () => {
    expect(codeOf(() => sniffFile(bytes(65, 66, 0, 67, 10), 5))).toBe('binary');
  });

  it('reads UTF-16 files with a byte-order mark as UTF-16', () => {
    expect(sniffFile(bytes(0xff, 0xfe, 0x61, 0x00), 4).encoding).toBe('utf-16le');
    expect(sniffFile(bytes(0xfe, 0xff, 0x00, 0x61), 4).encoding).toBe('utf-16be');
  });

  it('notes a UTF-8 byte-order mark', () => {
    const s = sniffFile(bytes(0xef, 0xbb, 0xbf, 0x61, 0x2c, 0x62), 6);
    expect(s).toMatchObject({ encoding: 'utf-8', hadBom: true, notice: null });
  });

  it('falls back to Windows-1252 for invalid UTF-8 and tells the user', () => {
    const s = sniffFile(bytes(0x63, 0x61, 0x66, 0xe9, 0x0a), 5); // "café" in Latin-1
    expect(s.encoding).toBe('windows-1252');
    expect(s.notice).toMatch(/not valid UTF-8/);
  });

  it('accepts a UTF-8 character cut at the end of a partial head', () => {
    const head = text('name\ncafé');
    const cut = head.slice(0, head.length - 1);
    expect(sniffFile(cut, 1000).encoding).toBe('utf-8');
  });
});
