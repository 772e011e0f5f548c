import { ReadError } from './table-builder';

/** Bytes read from the start of a file to decide how to read it. */
export const SNIFF_BYTES = 64 * 1024;

/**
 * Largest file a tab is asked to hold. The table keeps a 4-byte code per cell plus each
 * distinct string once, so a CSV costs roughly its own size in memory; browsers cap a tab's
 * heap at about 4 GB, and training needs room of its own.
 */
export const MAX_FILE_BYTES = 1536 * 1024 * 1024;

export interface Sniffed {
  /** The text encoding to decode the file with. */
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
  hadBom: boolean;
  /** Said to the user when the file is read in a way they may not expect. */
  notice: string | null;
}

const SIGNATURES: { bytes: number[]; what: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive or an Excel workbook (.xlsx)' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'an old Excel workbook (.xls)' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x1f, 0x8b], what: 'a gzip-compressed file' },
  { bytes: [0x50, 0x41, 0x52, 0x31], what: 'a Parquet file' },
];

function startsWith(bytes: Uint8Array, sig: readonly number[]): boolean {
  return sig.every((b, i) => bytes[i] === b);
}

/**
 * Decides how to read a file from its first bytes, or throws a {@link ReadError} in the user's
 * words when it cannot be a CSV (empty, too large, binary).
 *
 * @param head the first {@link SNIFF_BYTES} bytes (or the whole file when smaller)
 * @param fileSize the whole file's size in bytes
 */
export function sniffFile(head: Uint8Array, fileSize: number, maxBytes = MAX_FILE_BYTES): Sniffed {
  if (fileSize === 0 || head.length === 0) {
    throw new ReadError('empty', 'This file is empty: there is nothing to read.');
  }
  if (fileSize > maxBytes) {
    const gb = (n: number) => `${(n / 1024 ** 3).toFixed(1)} GB`;
    throw new ReadError(
      'too-large',
      `This file is ${gb(fileSize)}, more than this browser tab can hold (about ${gb(maxBytes)}). ` +
        'Take a sample of the rows, or keep fewer columns, and load that instead.',
    );
  }
  for (const sig of SIGNATURES) {
    if (startsWith(head, sig.bytes)) {
      throw new ReadError(
        'binary',
        `This looks like ${sig.what}, not a CSV text file. Save or export it as CSV first.`,
      );
    }
  }
  if (startsWith(head, [0xff, 0xfe])) {
    return {
      encoding: 'utf-16le',
      hadBom: true,
      notice: 'The file is in UTF-16; it was read as such.',
    };
  }
  if (startsWith(head, [0xfe, 0xff])) {
    return {
      encoding: 'utf-16be',
      hadBom: true,
      notice: 'The file is in UTF-16; it was read as such.',
    };
  }
  const hadBom = startsWith(head, [0xef, 0xbb, 0xbf]);
  const utf16 = utf16WithoutBom(head);
  if (utf16) {
    return {
      encoding: utf16,
      hadBom: false,
      notice: 'The file is in UTF-16 (with no byte-order mark); it was read as such.',
    };
  }
  if (looksBinary(head)) {
    throw new ReadError(
      'binary',
      'This file holds binary data, not text, so it cannot be a CSV. Export the table as CSV and try again.',
    );
  }
  const other = otherTextFormat(head);
  if (other) {
    throw new ReadError(
      'unreadable',
      `This looks like ${other}, not a CSV table. Open it in the program it came from and ` +
        'export or save the table as CSV.',
    );
  }
  if (!isValidUtf8(head, head.length < fileSize)) {
    return {
      encoding: 'windows-1252',
      hadBom: false,
      notice:
        'The file is not valid UTF-8, so it was read as Western (Windows-1252) text. ' +
        'Check accented letters; if they look wrong, save the file as UTF-8.',
    };
  }
  return { encoding: 'utf-8', hadBom, notice: null };
}

/** Bytes looked at to recognise UTF-16 without a byte-order mark. */
const UTF16_PROBE_BYTES = 4096;
/** Fewer bytes than this are too few to tell UTF-16 from binary. */
const UTF16_MIN_BYTES = 16;

/**
 * UTF-16 with no byte-order mark: CSV text is mostly ASCII (digits, delimiters, line breaks),
 * whose UTF-16 code units have a zero high byte, so zeros fill one byte position of every pair
 * (odd positions in little-endian, even in big-endian) and almost never the other.
 */
function utf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, UTF16_PROBE_BYTES) & ~1;
  if (n < UTF16_MIN_BYTES) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros += 1;
    if (bytes[i + 1] === 0) oddZeros += 1;
  }
  const pairs = n / 2;
  if (oddZeros >= pairs * 0.3 && evenZeros <= pairs * 0.02) return 'utf-16le';
  if (evenZeros >= pairs * 0.3 && oddZeros <= pairs * 0.02) return 'utf-16be';
  return null;
}

/** JSON, a web page or XML saved with a .csv name: text, but not a table. */
function otherTextFormat(bytes: Uint8Array): string | null {
  const start = new TextDecoder('utf-8').decode(bytes.subarray(0, 256)).replace(/^\uFEFF/, '');
  const text = start.trimStart();
  if (/^(\{\s*["}]|\[\s*[[{\]"])/.test(text)) return 'a JSON file';
  if (/^<(!doctype html|html|head|body|table)\b/i.test(text)) return 'a web page (HTML)';
  if (/^<\?xml\b/i.test(text)) return 'an XML document';
  return null;
}

/** NUL bytes, or many control characters, do not occur in CSV text. */
function looksBinary(bytes: Uint8Array): boolean {
  let control = 0;
  for (let i = 0; i < bytes.length; i += 1) {
    const b = bytes[i] as number;
    if (b === 0) return true;
    if (b < 9 || (b > 13 && b < 32)) control += 1;
  }
  return control > bytes.length * 0.01;
}

/** Strict UTF-8 check; a multi-byte character cut at the end of a partial head is allowed. */
function isValidUtf8(bytes: Uint8Array, partial: boolean): boolean {
  try {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    decoder.decode(bytes, { stream: partial });
    return true;
  } catch {
    return false;
  }
}
