/**
 * The table codec: raw strings -> ModelTable for the models, and model output -> strings
 * written the way the input wrote them (column order, number and date formats, decimals,
 * missing tokens, spaces around values). Columns the models do not learn (identifiers, free
 * text, constants) are written from summaries: an identifier pattern, placeholder text, the
 * constant. The state is plain JSON and holds no training rows.
 */
import type { Rng } from '../rng';
import type { ColumnSpec, NumberFormat, RawColumn, RawTable, Schema } from '../types';
import {
  OTHER_TEXT,
  isDiscrete,
  isModelled,
  type CellPadding,
  type CodecBase,
  type CodecOptions,
  type CodecState,
  type ColumnCodec,
  type ConstantCodec,
  type DatetimeCodec,
  type DiscreteCodec,
  type IdentifierCodec,
  type NumberCodec,
  type TextCodec,
} from './codec-state';
import { detectDatetimeFormat, formatDatetime, parseDatetime } from './datetime-format';
import { generateIdentifiers, learnIdentifierPattern } from './identifier-pattern';
import {
  OTHER_LEVEL,
  type DiscreteColumn,
  type ModelColumn,
  type ModelTable,
  type NumericColumn,
} from './model-table';
import {
  countDecimals,
  detectNumberFormat,
  exponentDigits,
  formatNumber,
  parseNumber,
  placesNeeded,
} from './number-format';
import { placeholderText } from './placeholder-text';
import { distinctValues } from './schema-inference';

export type * from './codec-state';
export { OTHER_TEXT } from './codec-state';

const DAY_MS = 86_400_000;
const PLAIN: NumberFormat = { decimal: '.', thousands: '' };

type Distinct = ReturnType<typeof distinctValues>;

/**
 * Fits the codec on the training rows only.
 *
 * @param rows row indices of `raw` to learn from (the training split); all rows when left out.
 */
export function fitCodec(raw: RawTable, schema: Schema, rows?: Int32Array): CodecState {
  const tokens = new Set(schema.missingTokens);
  const total = rows ? rows.length : raw.rowCount;
  const specs = schema.columns.filter((spec) => !spec.excluded).sort((a, b) => a.index - b.index);
  return {
    version: 1,
    missingTokens: [...schema.missingTokens],
    columns: specs.map((spec) => {
      const column = raw.columns[spec.index];
      if (!column) throw new Error(`The table has no column ${spec.index + 1} (${spec.name}).`);
      const training: RawColumn = {
        ...column,
        counts: rows ? countRows(column, rows) : column.counts,
      };
      return fitColumn(spec, training, total, tokens);
    }),
  };
}

/** How many training rows hold each dictionary string. */
function countRows(column: RawColumn, rows: Int32Array): number[] {
  const counts = new Array<number>(column.values.length).fill(0);
  for (const row of rows) {
    const code = column.codes[row];
    if (code === undefined) throw new RangeError(`Row ${row} is not in the table.`);
    counts[code] = (counts[code] ?? 0) + 1;
  }
  return counts;
}

function fitColumn(
  spec: ColumnSpec,
  training: RawColumn,
  total: number,
  tokens: ReadonlySet<string>,
): ColumnCodec {
  const d = distinctValues(training, tokens);
  const base: CodecBase = {
    name: spec.name,
    source: spec.index,
    missingToken: d.missingTokens[0] ?? spec.stats.missingTokens[0] ?? '',
    missingShare: total > 0 ? d.missing / total : 0,
    padding: cellPadding(training, tokens),
  };
  switch (spec.kind) {
    case 'continuous':
    case 'integer':
      return fitNumber(spec, spec.kind, base, d.values);
    case 'datetime':
      return fitDatetime(spec, base, d.values);
    case 'categorical':
    case 'boolean':
      return { ...base, kind: spec.kind, levels: levelsOf(d, spec.topK) };
    case 'identifier':
      return { ...base, kind: 'identifier', pattern: learnIdentifierPattern(d.values) };
    case 'text':
      return { ...base, kind: 'text', meanLength: d.meanLength };
    case 'constant':
      return { ...base, kind: 'constant', value: levelsOf(d, null)[0] ?? null };
  }
}

function fitNumber(
  spec: ColumnSpec,
  kind: NumberCodec['kind'],
  base: CodecBase,
  values: readonly string[],
): NumberCodec {
  const numberFormat = spec.numberFormat ?? guessNumberFormat(values);
  let min = Infinity;
  let max = -Infinity;
  let seenDecimals = 0;
  let places = 0;
  let exponent: number | null = null;
  for (const value of values) {
    const x = parseNumber(value, numberFormat);
    if (Number.isNaN(x)) continue;
    const digits = exponentDigits(value, numberFormat);
    if (digits !== null) exponent = Math.max(exponent ?? 0, digits);
    min = Math.min(min, x);
    max = Math.max(max, x);
    const written = countDecimals(value, numberFormat);
    seenDecimals = Math.max(seenDecimals, written);
    if (written > places) places = placesNeeded(x, written, places);
  }
  const whole = kind === 'integer';
  const bound = (x: number) => (Number.isFinite(x) ? (whole ? Math.round(x) : x) : null);
  const decimals = whole ? 0 : (spec.stats.decimals ?? seenDecimals);
  return {
    ...base,
    kind,
    numberFormat,
    decimals,
    places: Math.min(places, decimals),
    ...(exponent !== null ? { exponentDigits: exponent } : {}),
    min: bound(min),
    max: bound(max),
  };
}

/** For a column made numeric by the user: the format its values read in, else plain. */
function guessNumberFormat(values: readonly string[]): NumberFormat {
  const detection = detectNumberFormat(values);
  if (detection.kind === 'numeric') return detection.format;
  if (detection.kind === 'ambiguous') return detection.candidates[0] ?? PLAIN;
  return { ...PLAIN };
}

function fitDatetime(spec: ColumnSpec, base: CodecBase, values: readonly string[]): DatetimeCodec {
  const datetimeFormat = spec.datetimeFormat ??
    detectDatetimeFormat(values) ?? { pattern: 'YYYY-MM-DD' };
  let min = Infinity;
  let max = -Infinity;
  for (const value of values) {
    const t = parseDatetime(value, datetimeFormat);
    if (Number.isNaN(t)) continue;
    min = Math.min(min, t);
    max = Math.max(max, t);
  }
  return {
    ...base,
    kind: 'datetime',
    datetimeFormat,
    resolutionMs: resolutionOf(datetimeFormat.pattern),
    min: Number.isFinite(min) ? min : null,
    max: Number.isFinite(max) ? max : null,
  };
}

/** The finest unit a pattern writes, so a model's 13:47 on a date-only column rounds to a day. */
function resolutionOf(pattern: string): number {
  if (pattern.includes('SSS')) return 1;
  if (pattern.includes('ss')) return 1000;
  if (pattern.includes('mm')) return 60_000;
  if (/[Hh]/.test(pattern)) return 3_600_000;
  return DAY_MS;
}

/** Levels most frequent first (ties in order of appearance), folded to `topK`, then missing. */
function levelsOf(d: Distinct, topK: number | null): (string | null)[] {
  const order = d.values
    .map((value, i) => ({ value, count: d.counts[i] ?? 0 }))
    .sort((a, b) => b.count - a.count);
  const k = topK === null ? order.length : Math.max(1, Math.floor(topK));
  const levels: (string | null)[] = order.slice(0, k).map((x) => x.value);
  if (order.length > k) levels.push(OTHER_LEVEL);
  if (d.missing > 0 || levels.length === 0) levels.push(null);
  return levels;
}

/** The leading and trailing whitespace most non-missing training cells carry. */
function cellPadding(training: RawColumn, tokens: ReadonlySet<string>): CellPadding {
  const leading = new Map<string, number>();
  const trailing = new Map<string, number>();
  training.values.forEach((raw, i) => {
    const count = training.counts[i] ?? 0;
    if (count === 0 || tokens.has(raw.trim())) return;
    const start = raw.length - raw.trimStart().length;
    const end = raw.trimEnd().length;
    leading.set(raw.slice(0, start), (leading.get(raw.slice(0, start)) ?? 0) + count);
    trailing.set(raw.slice(end), (trailing.get(raw.slice(end)) ?? 0) + count);
  });
  return { leading: mostCounted(leading), trailing: mostCounted(trailing) };
}

function mostCounted(counts: ReadonlyMap<string, number>): string {
  let best = '';
  let bestCount = 0;
  for (const [key, count] of counts) {
    if (count > bestCount) [best, bestCount] = [key, count];
  }
  return best;
}

/**
 * The modelled columns of `raw` as the models see them: numbers and datetimes (epoch ms) as
 * NumericColumns, NaN where missing or unreadable; categories and booleans as codes into the
 * codec's levels. Each distinct raw string is parsed once, so a million rows cost one lookup
 * each. Values the training rows never held read as `OTHER_LEVEL` when the column folds, else
 * as missing when the column has a missing level, else as its most frequent level.
 *
 * @param rows row indices of `raw` to take, in order; all rows when left out.
 * @returns a table of `rows.length` (or `raw.rowCount`) rows.
 */
export function toModelTable(state: CodecState, raw: RawTable, rows?: Int32Array): ModelTable {
  const tokens = new Set(state.missingTokens);
  const count = rows ? rows.length : raw.rowCount;
  const columns: ModelColumn[] = [];
  for (const codec of state.columns) {
    if (!isModelled(codec)) continue;
    const column = sourceColumn(raw, codec);
    if (isDiscrete(codec)) {
      const lookup = discreteLookup(codec, column.values, tokens);
      const codes = gather(lookup, column.codes, rows, new Int32Array(count));
      columns.push({ type: 'discrete', name: codec.name, codes, levels: [...codec.levels] });
    } else {
      const lookup = numericLookup(codec, column.values);
      const values = gather(lookup, column.codes, rows, new Float64Array(count));
      columns.push({
        type: 'numeric',
        name: codec.name,
        values,
        integer: codec.kind !== 'continuous',
      });
    }
  }
  return { rows: count, columns };
}

function sourceColumn(raw: RawTable, codec: CodecBase): RawColumn {
  const index =
    raw.names[codec.source] === codec.name ? codec.source : raw.names.indexOf(codec.name);
  const column = raw.columns[index];
  if (!column) throw new Error(`The table has no column named ${codec.name}.`);
  return column;
}

function numericLookup(
  codec: NumberCodec | DatetimeCodec,
  values: readonly string[],
): Float64Array {
  const lookup = new Float64Array(values.length);
  values.forEach((value, i) => {
    if (codec.kind === 'datetime') lookup[i] = parseDatetime(value, codec.datetimeFormat);
    else if (codec.kind === 'integer')
      lookup[i] = Math.round(parseNumber(value, codec.numberFormat));
    else lookup[i] = parseNumber(value, codec.numberFormat);
  });
  return lookup;
}

function discreteLookup(
  codec: DiscreteCodec,
  values: readonly string[],
  tokens: ReadonlySet<string>,
): Int32Array {
  const index = new Map<string, number>();
  codec.levels.forEach((level, i) => {
    if (level !== null && level !== OTHER_LEVEL) index.set(level, i);
  });
  const missing = codec.levels.indexOf(null);
  const other = codec.levels.indexOf(OTHER_LEVEL);
  const unseen = other >= 0 ? other : missing >= 0 ? missing : 0;
  const lookup = new Int32Array(values.length);
  values.forEach((raw, i) => {
    const value = raw.trim();
    lookup[i] = tokens.has(value)
      ? missing >= 0
        ? missing
        : unseen
      : (index.get(value) ?? unseen);
  });
  return lookup;
}

/** `out[i] = lookup[codes[rows[i]]]`: one dictionary lookup per row. */
function gather<T extends Float64Array | Int32Array>(
  lookup: T,
  codes: Uint32Array,
  rows: Int32Array | undefined,
  out: T,
): T {
  for (let i = 0; i < out.length; i += 1) {
    const row = rows ? (rows[i] as number) : i;
    out[i] = lookup[codes[row] as number] as number;
  }
  return out;
}

/**
 * Writes a model's table back as strings, shaped like the input: raw header order without
 * excluded columns; numbers rounded to the column's decimals in its number format; dates in
 * its pattern; levels as their strings (`OTHER_LEVEL` as {@link OTHER_TEXT}); NaN and the
 * null level as the column's missing token; the column's usual spaces around each value.
 * Identifiers are fresh and unique, text is placeholder or empty, constants are the constant;
 * these three get missing cells at the training rows' missing share.
 *
 * @param table the model output, one column per modelled codec column, matched by name.
 * @param rng draws identifiers, placeholder text and the missing cells of unmodelled columns.
 */
export function fromModelTable(
  state: CodecState,
  table: ModelTable,
  rng: Rng,
  options: CodecOptions,
): { names: string[]; rows: string[][] } {
  if (state.version !== 1) throw new Error(`Unknown codec state version ${String(state.version)}.`);
  const model = new Map(table.columns.map((column) => [column.name, column]));
  const cells = state.columns.map((codec) => {
    if (!isModelled(codec)) return writeUnmodelled(codec, table.rows, rng, options);
    const column = model.get(codec.name);
    if (isDiscrete(codec)) {
      if (column?.type !== 'discrete') throw missingColumn(codec.name, 'discrete');
      return writeDiscrete(codec, column);
    }
    if (column?.type !== 'numeric') throw missingColumn(codec.name, 'numeric');
    return writeNumeric(codec, column, options.allowOutOfRange);
  });
  const rows = new Array<string[]>(table.rows);
  for (let r = 0; r < table.rows; r += 1) rows[r] = cells.map((column) => column[r] ?? '');
  return { names: state.columns.map((codec) => codec.name), rows };
}

function missingColumn(name: string, type: ModelColumn['type']): Error {
  return new Error(`The model output has no ${type} column named ${name}.`);
}

/** `x` rounded to `places` digits after the mark, as `toFixed` rounds. */
const roundTo = (x: number, places: number): number =>
  Number.isFinite(x) && Math.abs(x) < 1e21 && places <= 100 ? Number(x.toFixed(places)) : x;

const padded = (codec: CodecBase, text: string): string =>
  codec.padding.leading + text + codec.padding.trailing;

function writeNumeric(
  codec: NumberCodec | DatetimeCodec,
  column: NumericColumn,
  allowOutOfRange: boolean,
): string[] {
  const low = allowOutOfRange || codec.min === null ? -Infinity : codec.min;
  const high = allowOutOfRange || codec.max === null ? Infinity : codec.max;
  const out = new Array<string>(column.values.length);
  column.values.forEach((value, r) => {
    let x = value;
    if (codec.kind === 'datetime') x = Math.round(x / codec.resolutionMs) * codec.resolutionMs;
    else if (codec.kind === 'integer') x = Math.round(x);
    // whole values written "146083.0" stay whole (rounding to `decimals` happens when written)
    else if (
      codec.exponentDigits === undefined &&
      codec.places !== undefined &&
      codec.places < codec.decimals
    ) {
      x = roundTo(x, codec.places);
    }
    x = Math.min(high, Math.max(low, x));
    const text = !Number.isFinite(x)
      ? ''
      : codec.kind === 'datetime'
        ? formatDatetime(x, codec.datetimeFormat)
        : codec.exponentDigits !== undefined
          ? x.toExponential(codec.exponentDigits)
          : formatNumber(x, codec.numberFormat, codec.decimals);
    out[r] = text === '' ? codec.missingToken : padded(codec, text);
  });
  return out;
}

function writeDiscrete(codec: DiscreteCodec, column: DiscreteColumn): string[] {
  const texts = column.levels.map((level) =>
    level === null ? codec.missingToken : padded(codec, level === OTHER_LEVEL ? OTHER_TEXT : level),
  );
  const out = new Array<string>(column.codes.length);
  column.codes.forEach((code, r) => {
    out[r] = texts[code] ?? codec.missingToken;
  });
  return out;
}

function writeUnmodelled(
  codec: IdentifierCodec | TextCodec | ConstantCodec,
  rows: number,
  rng: Rng,
  options: CodecOptions,
): string[] {
  const ids = codec.kind === 'identifier' ? generateIdentifiers(codec.pattern, rows, rng) : null;
  const out = new Array<string>(rows);
  for (let r = 0; r < rows; r += 1) {
    const missing = codec.missingShare > 0 && rng.uniform() < codec.missingShare;
    let text: string | null;
    if (missing) text = null;
    else if (codec.kind === 'constant') text = codec.value;
    else if (codec.kind === 'identifier') text = ids?.[r] ?? null;
    else if (options.textMode === 'empty') text = '';
    else text = placeholderText(codec.meanLength, rng);
    out[r] = text === null ? codec.missingToken : text === '' ? '' : padded(codec, text);
  }
  return out;
}
