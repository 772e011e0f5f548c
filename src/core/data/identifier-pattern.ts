/**
 * Identifiers are not modelled: the codec learns how a column's identifiers are written (a
 * pattern, never the identifiers themselves) and writes fresh, unique ones in that pattern.
 */
import type { Rng } from '../rng';

/** A prefix, a run of digits and a suffix: `C01007`, `INV-2023-0042` (digits last), `17`. */
export interface NumberedPattern {
  type: 'numbered';
  prefix: string;
  suffix: string;
  /** Digits written with leading zeros to `maxDigits` (`C01007`), else as plain integers. */
  padded: boolean;
  minDigits: number;
  maxDigits: number;
}

/** Named character sets a position of a fixed-shape identifier draws from. */
export type CharClass =
  'digit' | 'lowerHex' | 'upperHex' | 'lower' | 'upper' | 'lowerAlnum' | 'upperAlnum' | 'alnum';

/** One position of a fixed-shape identifier: the same character in every value, or a class. */
export type ShapeSlot = { literal: string } | { class: CharClass };

/** Values of one length, position by position: `550e8400-e29b-...`, `AB-12-XY`. */
export interface ShapePattern {
  type: 'shape';
  slots: ShapeSlot[];
}

export type IdentifierPattern = NumberedPattern | ShapePattern;

const DIGITS = '0123456789';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = LOWER.toUpperCase();

/** Smallest first: a position takes the first class holding every character seen there. */
const CLASS_CHARS: Readonly<Record<CharClass, string>> = {
  digit: DIGITS,
  lowerHex: DIGITS + 'abcdef',
  upperHex: DIGITS + 'ABCDEF',
  lower: LOWER,
  upper: UPPER,
  lowerAlnum: DIGITS + LOWER,
  upperAlnum: DIGITS + UPPER,
  alnum: DIGITS + LOWER + UPPER,
};
const CLASS_ORDER = Object.keys(CLASS_CHARS) as CharClass[];

/** What a column gets when its values follow no pattern the codec knows: `ID-000001`. */
export const GENERIC_PATTERN: NumberedPattern = {
  type: 'numbered',
  prefix: 'ID-',
  suffix: '',
  padded: true,
  minDigits: 6,
  maxDigits: 6,
};

const NUMBERED = /^(\D*)(\d+)(\D*)$/;
/** Above this many digits a number no longer fits a double exactly. */
const MAX_EXACT_DIGITS = 15;

/**
 * Learns the pattern a column's identifiers follow: a shared prefix and suffix around a run
 * of digits, else one fixed shape (per position a literal or a character class), else the
 * generic `ID-000001`. Only the pattern is returned; no identifier is kept.
 *
 * @param values the distinct, non-missing, trimmed identifiers of the training rows.
 */
export function learnIdentifierPattern(values: readonly string[]): IdentifierPattern {
  return numberedPattern(values) ?? shapePattern(values) ?? { ...GENERIC_PATTERN };
}

function numberedPattern(values: readonly string[]): NumberedPattern | null {
  const first = values[0] === undefined ? null : NUMBERED.exec(values[0]);
  if (first === null) return null;
  const prefix = first[1] ?? '';
  const suffix = first[3] ?? '';
  let padded = false;
  let minDigits = Infinity;
  let maxDigits = 0;
  for (const value of values) {
    const match = NUMBERED.exec(value);
    if (match === null || match[1] !== prefix || match[3] !== suffix) return null;
    const digits = match[2] ?? '';
    if (digits.length > 1 && digits.startsWith('0')) padded = true;
    minDigits = Math.min(minDigits, digits.length);
    maxDigits = Math.max(maxDigits, digits.length);
  }
  return { type: 'numbered', prefix, suffix, padded, minDigits, maxDigits };
}

function shapePattern(values: readonly string[]): ShapePattern | null {
  const length = values[0]?.length ?? 0;
  // One value would make every position a literal: the pattern would be the identifier.
  if (values.length < 2 || values.some((v) => v.length !== length)) return null;
  const slots: ShapeSlot[] = [];
  for (let i = 0; i < length; i += 1) {
    const seen = new Set(values.map((v) => v.charAt(i)));
    const only = seen.size === 1 ? [...seen][0] : undefined;
    if (only !== undefined) {
      slots.push({ literal: only });
      continue;
    }
    const found = CLASS_ORDER.find((name) => [...seen].every((c) => CLASS_CHARS[name].includes(c)));
    if (found === undefined) return null;
    slots.push({ class: found });
  }
  return { type: 'shape', slots };
}

/**
 * Writes `count` identifiers in `pattern`, all different, in random order. The digit range is
 * widened when the pattern holds fewer than `count` values; a shape with too few values
 * gives way to the generic pattern.
 */
export function generateIdentifiers(pattern: IdentifierPattern, count: number, rng: Rng): string[] {
  if (pattern.type === 'shape') {
    const size = pattern.slots.reduce(
      (n, slot) => n * ('class' in slot ? CLASS_CHARS[slot.class].length : 1),
      1,
    );
    if (size >= 2 * count) return drawUniqueStrings(count, () => drawShape(pattern, rng));
    return generateIdentifiers(GENERIC_PATTERN, count, rng);
  }
  return generateNumbered(pattern, count, rng);
}

function generateNumbered(pattern: NumberedPattern, count: number, rng: Rng): string[] {
  const { prefix, suffix, padded } = pattern;
  // Plain integers keep the shortest length seen (`17` to `4096` gives 10 to 9999) and skip 0.
  const shortest = 10 ** Math.max(0, pattern.minDigits - 1);
  const start = padded ? 0 : shortest;
  let digits = Math.max(1, pattern.maxDigits);
  while (digits <= MAX_EXACT_DIGITS && 10 ** digits - start < count) digits += 1;
  if (digits > MAX_EXACT_DIGITS) {
    return drawUniqueStrings(count, () => prefix + randomDigits(digits, padded, rng) + suffix);
  }
  const width = padded ? digits : 0;
  return drawUniqueOffsets(count, 10 ** digits - start, rng).map(
    (offset) => prefix + String(start + offset).padStart(width, '0') + suffix,
  );
}

function randomDigits(length: number, leadingZero: boolean, rng: Rng): string {
  let out = leadingZero ? '' : String(1 + rng.int(9));
  while (out.length < length) out += String(rng.int(10));
  return out;
}

function drawShape(pattern: ShapePattern, rng: Rng): string {
  let out = '';
  for (const slot of pattern.slots) {
    if ('literal' in slot) out += slot.literal;
    else out += CLASS_CHARS[slot.class].charAt(rng.int(CLASS_CHARS[slot.class].length));
  }
  return out;
}

/** `count` distinct numbers in [0, size), random order. Small ranges are shuffled, large ones sampled. */
function drawUniqueOffsets(count: number, size: number, rng: Rng): number[] {
  if (size <= 4 * count) {
    const pool = new Float64Array(size);
    for (let i = 0; i < size; i += 1) pool[i] = i;
    const out: number[] = [];
    for (let i = 0; i < count; i += 1) {
      const j = i + randomBelow(size - i, rng);
      const picked = pool[j] as number;
      pool[j] = pool[i] as number;
      out.push(picked);
    }
    return out;
  }
  const seen = new Set<number>();
  const out: number[] = [];
  while (out.length < count) {
    const n = randomBelow(size, rng);
    if (!seen.has(n)) {
      seen.add(n);
      out.push(n);
    }
  }
  return out;
}

/** Rejection sampling; callers make sure the space holds at least twice `count` values. */
function drawUniqueStrings(count: number, draw: () => string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  while (out.length < count) {
    const value = draw();
    if (!seen.has(value)) {
      seen.add(value);
      out.push(value);
    }
  }
  return out;
}

/** Uniform integer in [0, size) for any size up to 2^53 (`Rng.int` has 32 bits only). */
function randomBelow(size: number, rng: Rng): number {
  const high = rng.nextUint32() >>> 5;
  const low = rng.nextUint32() >>> 6;
  return Math.floor(((high * 67108864 + low) / 9007199254740992) * size);
}
