import type { NumberFormat } from '../types';

/** What detection concluded about one column's strings. */
export type NumberFormatDetection =
  | { kind: 'numeric'; format: NumberFormat }
  /** Several formats read every value, with different meanings; one per meaning, preferred first. */
  | { kind: 'ambiguous'; candidates: NumberFormat[] }
  | { kind: 'not-numeric' };

const PLAIN: NumberFormat = { decimal: '.', thousands: '' };

/** Formats detection tries, most preferred first. */
const CANDIDATES: readonly NumberFormat[] = [
  PLAIN,
  { decimal: '.', thousands: ',' },
  { decimal: ',', thousands: '.' },
  { decimal: ',', thousands: '' },
  { decimal: ',', thousands: ' ' },
  { decimal: '.', thousands: ' ' },
];

/** A format turned into regexes once, so reading a million values builds none. */
interface Reader {
  /** The whole trimmed string is a number in the format. */
  number: RegExp;
  /** Global: every grouping mark, to strip before `Number()`. Null when the format has none. */
  grouping: RegExp | null;
}

const EXPONENT = /[eE]/;
const NONZERO_DIGIT = /[1-9]/;

const readers = new Map<string, Reader | null>();

function readerFor(format: NumberFormat): Reader | null {
  const key = format.decimal + format.thousands;
  let reader = readers.get(key);
  if (reader === undefined) {
    reader = buildReader(format);
    readers.set(key, reader);
  }
  return reader;
}

function buildReader(format: NumberFormat): Reader | null {
  // A format whose grouping mark is its decimal mark cannot be read unambiguously.
  if (format.thousands === format.decimal) return null;
  const mark = format.decimal === '.' ? '\\.' : ',';
  const fraction = `(?:${mark}\\d+)?`;
  if (format.thousands === '') {
    // Exponents only where JavaScript itself writes them: with a decimal point.
    const exponent = format.decimal === '.' ? '(?:[eE][+-]?\\d+)?' : '';
    return {
      number: new RegExp(`^[+-]?(?:\\d+${fraction}|${mark}\\d+)${exponent}$`),
      grouping: null,
    };
  }
  // Spreadsheets and `toLocaleString` often group with a no-break or narrow no-break space.
  const sep =
    format.thousands === ' ' ? '[ \\u00a0\\u202f]' : format.thousands === '.' ? '\\.' : ',';
  // Grouped integers start with 1-9 (`0,123` is never a thousand-grouped number); an
  // ungrouped integer part is allowed too, as some writers leave 4-digit numbers ungrouped.
  const integer = `(?:[1-9]\\d{0,2}(?:${sep}\\d{3})+|\\d+)`;
  return {
    number: new RegExp(`^[+-]?(?:${integer}${fraction}|${mark}\\d+)$`),
    grouping: new RegExp(sep, 'g'),
  };
}

/**
 * Finds the one format in which every value of a column is a number.
 *
 * The plain format (`-3.5`, `1e-3`) wins whenever it reads every value. Otherwise the formats
 * that read every value are grouped by the numbers they give; formats in one group agree, and
 * the one whose grouping mark actually occurs is kept (else the one without grouping). One
 * group gives `numeric`; several give `ambiguous` (`1,234` alone: 1234 or 1.234).
 *
 * @param values the distinct, non-missing, already-trimmed strings of one column. An empty
 *   list is `not-numeric`: there is nothing to go on.
 * @param plainNumbers when known, `parseNumber(values[i], plain format)` for each value (the
 *   reader's pre-parsed numbers), so the plain format is judged without parsing again.
 */
export function detectNumberFormat(
  values: readonly string[],
  plainNumbers?: ArrayLike<number>,
): NumberFormatDetection {
  if (values.length === 0) return { kind: 'not-numeric' };
  const known = plainNumbers?.length === values.length ? plainNumbers : undefined;
  // The plain format wins whenever it reads everything, so the others need not be tried.
  if (known ? allNumbers(known) : readsAll(values, PLAIN)) {
    return { kind: 'numeric', format: { ...PLAIN } };
  }
  const readable = CANDIDATES.filter((format) => format !== PLAIN && readsAll(values, format));
  if (readable.length === 0) return { kind: 'not-numeric' };
  const meanings: NumberFormat[][] = [];
  for (const format of readable) {
    const same = meanings.find((group) => sameMeaning(values, group[0] ?? format, format));
    if (same) same.push(format);
    else meanings.push([format]);
  }
  const picks = meanings.map((group) => pickWithinMeaning(values, group));
  if (picks.length === 1 && picks[0]) return { kind: 'numeric', format: { ...picks[0] } };
  return { kind: 'ambiguous', candidates: picks.map((format) => ({ ...format })) };
}

function allNumbers(numbers: ArrayLike<number>): boolean {
  for (let i = 0; i < numbers.length; i += 1) if (Number.isNaN(numbers[i])) return false;
  return true;
}

function readsAll(values: readonly string[], format: NumberFormat): boolean {
  const parse = format === PLAIN ? parsePlainNumber : (v: string) => parseNumber(v, format);
  for (const value of values) if (Number.isNaN(parse(value))) return false;
  return true;
}

function sameMeaning(values: readonly string[], a: NumberFormat, b: NumberFormat): boolean {
  for (const value of values) if (parseNumber(value, a) !== parseNumber(value, b)) return false;
  return true;
}

/** Among formats that read a column identically, the one the column visibly uses. */
function pickWithinMeaning(
  values: readonly string[],
  group: readonly NumberFormat[],
): NumberFormat {
  const used = group.find((format) => {
    const grouping = readerFor(format)?.grouping;
    return grouping ? values.some((value) => value.search(grouping) >= 0) : false;
  });
  return used ?? group.find((format) => format.thousands === '') ?? group[0] ?? PLAIN;
}

/**
 * Reads one number written in `format`. Spaces around it are ignored.
 *
 * @returns the number, or NaN when `text` is not a number in `format` (bad grouping, stray
 *   characters, `Infinity`, hex, an empty string).
 */
export function parseNumber(text: string, format: NumberFormat): number {
  const reader = readerFor(format);
  const trimmed = text.trim();
  if (reader === null || !reader.number.test(trimmed)) return NaN;
  const ungrouped = reader.grouping ? trimmed.replace(reader.grouping, '') : trimmed;
  return Number(format.decimal === ',' ? ungrouped.replace(',', '.') : ungrouped);
}

/** Whether the format is the plain one (`.` decimal, no grouping), which the reader pre-parses. */
export function isPlainFormat(format: NumberFormat): boolean {
  return format.decimal === '.' && format.thousands === '';
}

const PLUS = 0x2b;
const MINUS = 0x2d;
const POINT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;

/** Digits from `at`; returns the index after them. */
function skipDigits(text: string, at: number): number {
  let i = at;
  for (let c = text.charCodeAt(i); c >= ZERO && c <= NINE; c = text.charCodeAt(i)) i += 1;
  return i;
}

/**
 * Whether `text` is a plain number as a whole: `[+-]?(\d+(\.\d+)?|\.\d+)([eE][+-]?\d+)?`,
 * the plain format's pattern, checked by hand because the reader runs it on every distinct cell.
 */
function isPlainNumber(text: string): boolean {
  const n = text.length;
  let i = text.charCodeAt(0) === PLUS || text.charCodeAt(0) === MINUS ? 1 : 0;
  const intEnd = skipDigits(text, i);
  let digits = intEnd - i;
  i = intEnd;
  if (text.charCodeAt(i) === POINT) {
    const fracEnd = skipDigits(text, i + 1);
    if (fracEnd === i + 1) return false;
    digits += fracEnd - i - 1;
    i = fracEnd;
  }
  if (digits === 0) return false;
  if (i < n && (text[i] === 'e' || text[i] === 'E')) {
    i += 1;
    if (text.charCodeAt(i) === PLUS || text.charCodeAt(i) === MINUS) i += 1;
    const expEnd = skipDigits(text, i);
    if (expEnd === i) return false;
    i = expEnd;
  }
  return i === n;
}

/**
 * Exactly `parseNumber(text, { decimal: '.', thousands: '' })`, several times faster: text
 * with no space or other non-ASCII character at either end is checked by hand, anything else
 * goes the regex way (`trim` knows the Unicode spaces).
 */
export function parsePlainNumber(text: string): number {
  const n = text.length;
  if (n === 0) return NaN;
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(n - 1);
  if (first <= 0x20 || first >= 0x7f || last <= 0x20 || last >= 0x7f) {
    return parseNumber(text, PLAIN);
  }
  return isPlainNumber(text) ? Number(text) : NaN;
}

/**
 * How many digits after the decimal mark `text` needs to be written without an exponent:
 * the digits after the mark, less the exponent (`1e-3` is 3, `1.2E+5` is 0).
 *
 * @returns 0 for integers and for text that is not a number in `format`.
 */
export function countDecimals(text: string, format: NumberFormat): number {
  const reader = readerFor(format);
  const trimmed = text.trim();
  if (reader === null || !reader.number.test(trimmed)) return 0;
  return decimalsOf(trimmed, format.decimal);
}

/**
 * {@link countDecimals} for text already known to be a plain number (`-3.5`, `1e-3`, no spaces
 * around it), as {@link parsePlainNumber} finds it: the same count without the regex.
 */
export function countPlainDecimals(text: string): number {
  return decimalsOf(text, '.');
}

function decimalsOf(trimmed: string, decimal: NumberFormat['decimal']): number {
  let end = trimmed.length;
  let exponent = 0;
  const e = trimmed.search(EXPONENT);
  if (e >= 0) {
    exponent = Number(trimmed.slice(e + 1));
    end = e;
  }
  const mark = trimmed.lastIndexOf(decimal, end);
  const digits = mark < 0 ? 0 : end - mark - 1;
  return Math.max(0, digits - exponent);
}

/**
 * Digits after the mark of the mantissa when `text` is a number written in exponent notation
 * ("1.25e-7" is 2, "3E+8" is 0); null for plain decimals and for text that is not a number.
 */
export function exponentDigits(text: string, format: NumberFormat): number | null {
  const reader = readerFor(format);
  const trimmed = text.trim();
  if (reader === null || !reader.number.test(trimmed)) return null;
  const e = trimmed.search(EXPONENT);
  if (e < 0) return null;
  const mark = trimmed.lastIndexOf(format.decimal, e);
  return mark < 0 ? 0 : e - mark - 1;
}

/**
 * The fewest digits after the mark that write `value` exactly, trying from `from` up to
 * `upTo` (146083 needs 0, 12.5 needs 1 even when written "12.50").
 *
 * @returns `upTo` when none fewer will do (or only more than 100), or for magnitudes `toFixed`
 *   writes with an exponent.
 */
export function placesNeeded(value: number, upTo: number, from = 0): number {
  if (!Number.isFinite(value) || Math.abs(value) >= 1e21) return upTo;
  // toFixed takes at most 100 digits; a value needing more keeps what it was written with
  for (let p = Math.max(0, from); p < Math.min(upTo, 100); p += 1) {
    if (Number(value.toFixed(p)) === value) return p;
  }
  return upTo;
}

/**
 * Writes `value` in `format` with exactly `decimals` digits after the mark (rounded as
 * `toFixed` rounds), grouping the integer part in threes when `format.thousands` is set.
 *
 * @param decimals digits after the mark; clamped to 0-100.
 * @returns the text, or '' (a missing cell) for NaN and infinities.
 */
export function formatNumber(value: number, format: NumberFormat, decimals: number): string {
  if (!Number.isFinite(value)) return '';
  const places = Number.isFinite(decimals) ? Math.min(100, Math.max(0, Math.round(decimals))) : 0;
  const magnitude = Math.abs(value);
  // toFixed switches to exponent notation from 1e21; such doubles are whole numbers.
  const fixed =
    magnitude < 1e21
      ? magnitude.toFixed(places)
      : BigInt(magnitude).toString() + (places > 0 ? '.' + '0'.repeat(places) : '');
  const point = fixed.indexOf('.');
  const integer = point < 0 ? fixed : fixed.slice(0, point);
  const fraction = point < 0 ? '' : fixed.slice(point + 1);
  const grouped = format.thousands === '' ? integer : groupDigits(integer, format.thousands);
  // A negative value that rounds to zero is written without its sign.
  const sign = value < 0 && NONZERO_DIGIT.test(fixed) ? '-' : '';
  return sign + grouped + (fraction === '' ? '' : format.decimal + fraction);
}

function groupDigits(digits: string, mark: string): string {
  const head = digits.length % 3 || 3;
  let out = digits.slice(0, head);
  for (let i = head; i < digits.length; i += 3) out += mark + digits.slice(i, i + 3);
  return out;
}
