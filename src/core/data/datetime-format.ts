import type { DatetimeFormat } from '../types';

const words = (text: string): readonly string[] => text.split(' ');
const SHORT_MONTHS = words('Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec');
const LONG_MONTHS = words(
  'January February March April May June July August September October November December',
);

/**
 * What each token matches. Unpadded tokens refuse a leading zero, so a value that parses also
 * writes back exactly as it was.
 */
const TOKEN_SOURCE = {
  YYYY: '\\d{4}',
  MMMM: LONG_MONTHS.join('|'),
  MMM: SHORT_MONTHS.join('|'),
  MM: '\\d{2}',
  M: '[1-9]\\d?',
  DD: '\\d{2}',
  D: '[1-9]\\d?',
  HH: '\\d{2}',
  H: '[1-9]?\\d',
  hh: '\\d{2}',
  h: '[1-9]\\d?',
  mm: '\\d{2}',
  ss: '\\d{2}',
  SSS: '\\d{3}',
  A: 'AM|PM',
  Z: 'Z|[+-]\\d{2}(?::?\\d{2})?',
} as const;

type Token = keyof typeof TOKEN_SOURCE;

/** Longest first, so `MMMM` is not read as `MM` twice. */
const TOKENS = (Object.keys(TOKEN_SOURCE) as Token[]).sort((a, b) => b.length - a.length);

/** Tokens whose padding detection settles from the data (the shapes below use the padded form). */
const FLEX_TOKENS: readonly Token[] = ['MM', 'DD', 'HH', 'hh'];
const UNPADDED: Partial<Record<Token, Token>> = { MM: 'M', DD: 'D', HH: 'H', hh: 'h' };

type Part = { token: Token } | { literal: string };

interface CompiledPattern {
  regex: RegExp;
  /** The token behind each capture group, in order. */
  fields: Token[];
  parts: Part[];
}

const MS_PER_MINUTE = 60_000;
/** The Gregorian calendar repeats every 400 years; used to step around `Date.UTC`'s 19xx quirk. */
const MS_PER_400_YEARS = 146_097 * 86_400_000;

const strictCache = new Map<string, CompiledPattern>();
const looseCache = new Map<string, CompiledPattern>();

function tokenize(pattern: string): Part[] {
  const parts: Part[] = [];
  let i = 0;
  while (i < pattern.length) {
    const token = TOKENS.find((t) => pattern.startsWith(t, i));
    if (token) {
      parts.push({ token });
      i += token.length;
      continue;
    }
    const last = parts[parts.length - 1];
    if (last && 'literal' in last) last.literal += pattern.charAt(i);
    else parts.push({ literal: pattern.charAt(i) });
    i += 1;
  }
  return parts;
}

/**
 * Compiles a pattern once. The loose form lets padded flex tokens take one or two digits, so
 * detection can see how a column pads before committing to a pattern.
 */
function compile(pattern: string, loose = false): CompiledPattern {
  const cache = loose ? looseCache : strictCache;
  const cached = cache.get(pattern);
  if (cached) return cached;
  const parts = tokenize(pattern);
  const fields: Token[] = [];
  let source = '^';
  for (const part of parts) {
    if ('literal' in part) {
      source += part.literal.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
    } else {
      fields.push(part.token);
      source +=
        loose && FLEX_TOKENS.includes(part.token) ? '(\\d{1,2})' : `(${TOKEN_SOURCE[part.token]})`;
    }
  }
  const compiled: CompiledPattern = { regex: new RegExp(source + '$'), fields, parts };
  cache.set(pattern, compiled);
  return compiled;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  offsetMinutes: number;
}

/** The fields of a match, or null when one is out of range on its own (hour 13 on a 12-hour clock). */
function readFields(match: RegExpExecArray, fields: readonly Token[]): WallClock | null {
  const clock: WallClock = {
    year: 1970,
    month: 1,
    day: 1,
    hour: 0,
    minute: 0,
    second: 0,
    millisecond: 0,
    offsetMinutes: 0,
  };
  let pm = false;
  for (let i = 0; i < fields.length; i++) {
    const text = match[i + 1] ?? '';
    const n = Number(text);
    switch (fields[i]) {
      case 'YYYY':
        clock.year = n;
        break;
      case 'MMMM':
        clock.month = LONG_MONTHS.indexOf(text) + 1;
        break;
      case 'MMM':
        clock.month = SHORT_MONTHS.indexOf(text) + 1;
        break;
      case 'MM':
      case 'M':
        clock.month = n;
        break;
      case 'DD':
      case 'D':
        clock.day = n;
        break;
      case 'HH':
      case 'H':
        clock.hour = n;
        break;
      case 'hh':
      case 'h':
        if (n < 1 || n > 12) return null;
        clock.hour = n % 12;
        break;
      case 'mm':
        clock.minute = n;
        break;
      case 'ss':
        clock.second = n;
        break;
      case 'SSS':
        clock.millisecond = n;
        break;
      case 'A':
        pm = text === 'PM';
        break;
      case 'Z':
        clock.offsetMinutes = readOffset(text);
        break;
    }
  }
  if (pm) clock.hour += 12;
  return clock;
}

/** Minutes east of UTC for `Z`, `+02:00`, `-0530` or `+01`; NaN when out of range. */
function readOffset(text: string): number {
  if (text === 'Z') return 0;
  const digits = text.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 23 || minutes > 59) return NaN;
  return (text.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function isRealMoment(c: WallClock): boolean {
  return (
    c.month >= 1 &&
    c.month <= 12 &&
    c.day >= 1 &&
    c.day <= daysInMonth(c.year, c.month) &&
    c.hour <= 23 &&
    c.minute <= 59 &&
    c.second <= 59 &&
    !Number.isNaN(c.offsetMinutes)
  );
}

/**
 * Reads one date-time written in `format`, taking its wall-clock time as UTC. When the
 * pattern has `Z` and the text carries an offset (`+02:00`), the offset is applied, so
 * `13:45+02:00` is 11:45 UTC. Spaces around the text are ignored.
 *
 * @returns epoch milliseconds, or NaN when `text` does not match `format` or names a moment
 *   that does not exist (Feb 30, hour 24, minute 60).
 */
export function parseDatetime(text: string, format: DatetimeFormat): number {
  const { regex, fields } = compile(format.pattern);
  const match = regex.exec(text.trim());
  if (match === null) return NaN;
  const c = readFields(match, fields);
  if (c === null || !isRealMoment(c)) return NaN;
  // Date.UTC reads years 0-99 as 1900-1999; shift them by one 400-year cycle and back.
  const cycles = c.year < 100 ? 1 : 0;
  const wall = Date.UTC(
    c.year + 400 * cycles,
    c.month - 1,
    c.day,
    c.hour,
    c.minute,
    c.second,
    c.millisecond,
  );
  return wall - cycles * MS_PER_400_YEARS - c.offsetMinutes * MS_PER_MINUTE;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

function tokenText(token: Token, date: Date): string {
  const hour = date.getUTCHours();
  const month = date.getUTCMonth();
  switch (token) {
    case 'YYYY': {
      const year = date.getUTCFullYear();
      return year < 0 ? '-' + pad(-year, 4) : pad(year, 4);
    }
    case 'MMMM':
      return LONG_MONTHS[month] ?? '';
    case 'MMM':
      return SHORT_MONTHS[month] ?? '';
    case 'MM':
      return pad(month + 1, 2);
    case 'M':
      return String(month + 1);
    case 'DD':
      return pad(date.getUTCDate(), 2);
    case 'D':
      return String(date.getUTCDate());
    case 'HH':
      return pad(hour, 2);
    case 'H':
      return String(hour);
    case 'hh':
      return pad(hour % 12 || 12, 2);
    case 'h':
      return String(hour % 12 || 12);
    case 'mm':
      return pad(date.getUTCMinutes(), 2);
    case 'ss':
      return pad(date.getUTCSeconds(), 2);
    case 'SSS':
      return pad(date.getUTCMilliseconds(), 3);
    case 'A':
      return hour < 12 ? 'AM' : 'PM';
    case 'Z':
      return 'Z';
  }
}

/**
 * Writes an instant in `format`, as its UTC wall-clock time. A `Z` in the pattern is always
 * written as `Z`: the offset a value was first written with is not kept.
 *
 * @param ms epoch milliseconds.
 * @returns the text, or '' (a missing cell) for NaN, infinities and instants `Date` cannot hold.
 */
export function formatDatetime(ms: number, format: DatetimeFormat): string {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return '';
  let out = '';
  for (const part of compile(format.pattern).parts) {
    out += 'literal' in part ? part.literal : tokenText(part.token, date);
  }
  return out;
}

/**
 * Date shapes detection tries, most preferred first, in padded form (padding is settled from
 * the data). Day-first comes before month-first: it wins when no value settles the order.
 */
const DATE_SHAPES: readonly string[] = [
  'YYYY-MM-DD',
  'YYYY/MM/DD',
  'YYYY.MM.DD',
  'DD/MM/YYYY',
  'MM/DD/YYYY',
  'DD.MM.YYYY',
  'MM.DD.YYYY',
  'DD-MM-YYYY',
  'MM-DD-YYYY',
  'MMM DD YYYY',
  'MMM DD, YYYY',
  'DD MMM YYYY',
  'MMMM DD, YYYY',
  'MMMM DD YYYY',
  'DD MMMM YYYY',
  'DD-MMM-YYYY',
];

const CLOCKS_24H = ['HH:mm', 'HH:mm:ss', 'HH:mm:ss.SSS'];
const TIME_SHAPES: readonly string[] = [
  '',
  ...['T', ' '].flatMap((sep) => CLOCKS_24H.flatMap((clock) => [sep + clock, sep + clock + 'Z'])),
  ' hh:mm A',
  ' hh:mm:ss A',
];

const SHAPES: readonly string[] = DATE_SHAPES.flatMap((date) =>
  TIME_SHAPES.map((time) => date + time),
);

/**
 * Finds a pattern that reads every value of a column: ISO 8601 dates and date-times (with `Z`
 * or an offset), `YYYY/MM/DD`, day/month/year and month/day/year with `/`, `.` or `-`, an
 * optional 24- or 12-hour time after a space, and English month names. Day-first wins unless
 * some value has a second part over 12. Padded tokens (`DD`) are chosen for zero-padded values
 * and unpadded ones (`D`) when some value is not padded, so every value writes back as it was.
 *
 * @param values the distinct, non-missing, trimmed strings of one column.
 * @returns the pattern, or null when none reads every value (numbers, times alone, free text,
 *   impossible dates, a column mixing `01` and `1`, an empty list).
 */
export function detectDatetimeFormat(values: readonly string[]): DatetimeFormat | null {
  const first = values[0];
  if (first === undefined) return null;
  for (const shape of SHAPES) {
    if (!compile(shape, true).regex.test(first)) continue;
    const pattern = settlePadding(shape, values);
    if (pattern === null) continue;
    const format = { pattern };
    if (values.every((value) => !Number.isNaN(parseDatetime(value, format)))) return format;
  }
  return null;
}

type Padding = 'padded' | 'unpadded' | 'either';

/**
 * How the values pad each flex field of a shape. Null when a value does not fit the shape or
 * a field is padded in one value and not in another (`01` and `1`: no pattern keeps both).
 */
function observePadding(shape: string, values: readonly string[]): Map<Token, Padding> | null {
  const { regex, fields } = compile(shape, true);
  const flex = fields.flatMap((token, i) => (FLEX_TOKENS.includes(token) ? [{ token, i }] : []));
  const short = flex.map(() => false);
  const zero = flex.map(() => false);
  for (const value of values) {
    const match = regex.exec(value);
    if (match === null) return null;
    flex.forEach(({ i }, k) => {
      const text = match[i + 1] ?? '';
      if (text.length === 1) short[k] = true;
      else if (text.startsWith('0')) zero[k] = true;
    });
  }
  const padding = new Map<Token, Padding>();
  for (const [k, { token }] of flex.entries()) {
    if (short[k] && zero[k]) return null;
    padding.set(token, short[k] ? 'unpadded' : zero[k] ? 'padded' : 'either');
  }
  return padding;
}

/** Turns a shape's padded flex tokens into padded or unpadded ones, as the values write them. */
function settlePadding(shape: string, values: readonly string[]): string | null {
  const padding = observePadding(shape, values);
  if (padding === null) return null;
  const month = padding.get('MM');
  const day = padding.get('DD');
  // A field the values leave open follows its neighbour: `1/31/2020` is M/D/YYYY, not M/DD/YYYY.
  const settled: Partial<Record<Token, Padding | undefined>> = {
    MM: month === 'either' ? (day === 'unpadded' ? 'unpadded' : 'padded') : month,
    DD: day === 'either' ? (month === 'unpadded' ? 'unpadded' : 'padded') : day,
    HH: padding.get('HH') === 'unpadded' ? 'unpadded' : 'padded',
    // 12-hour clocks are usually written unpadded (`1:45 PM`).
    hh: padding.get('hh') === 'padded' ? 'padded' : 'unpadded',
  };
  return tokenize(shape)
    .map((part) => {
      if ('literal' in part) return part.literal;
      return settled[part.token] === 'unpadded' ? (UNPADDED[part.token] ?? part.token) : part.token;
    })
    .join('');
}
