/**
 * Real, synthetic and holdout rows as comparable ModelTables: one codec fitted on the real rows
 * encodes all three, so numeric columns are parsed the same way and discrete codes name the
 * same levels. Unlike the training codec, nothing is folded (every real level is kept) and a
 * synthetic or holdout value the real rows never hold becomes a level of its own, so it counts
 * against the synthetic table instead of vanishing into "missing" or "other".
 */
import { isDiscrete, type CodecState, type DiscreteCodec } from '../data/codec-state';
import type { DiscreteColumn, ModelColumn, ModelTable } from '../data/model-table';
import { fitCodec, toModelTable } from '../data/table-codec';
import type { RawColumn, RawTable, Schema } from '../types';

export interface EvalTables {
  train: ModelTable;
  synth: ModelTable;
  holdout: ModelTable | null;
  /** The evaluation codec (fitted on the real rows, no top-k folding). */
  codec: CodecState;
  /** Things the user should know, in their words (e.g. unseen categories). */
  warnings: string[];
}

/** Key under which a level is matched: numbers written differently ("1" and "1.0") are one. */
function levelKey(value: string, numeric: boolean): string {
  if (!numeric) return value;
  const x = Number(value);
  return Number.isFinite(x) ? String(x) : value;
}

function columnOf(raw: RawTable, name: string, what: string): RawColumn {
  const index = raw.names.indexOf(name);
  const column = raw.columns[index];
  if (index < 0 || !column) {
    throw new Error(
      `The ${what} table has no column "${name}" (it has ${raw.names.map((n) => `"${n}"`).join(', ')}). ` +
        'Score a table with the same columns as the real one.',
    );
  }
  return column;
}

/** Shared, growing level list of one discrete column across the three tables. */
class LevelBook {
  readonly levels: (string | null)[];
  private readonly index = new Map<string, number>();
  private readonly numeric: boolean;

  constructor(codec: DiscreteCodec) {
    this.levels = [...codec.levels];
    const present = codec.levels.filter((l): l is string => l !== null);
    this.numeric =
      present.length > 0 && present.every((l) => Number.isFinite(Number(l)) && l !== '');
    this.levels.forEach((level, i) => {
      if (level !== null) this.index.set(levelKey(level, this.numeric), i);
    });
  }

  code(value: string, tokens: ReadonlySet<string>, unseen: Set<string>): number {
    const trimmed = value.trim();
    if (tokens.has(trimmed)) {
      let missing = this.levels.indexOf(null);
      if (missing < 0) {
        missing = this.levels.length;
        this.levels.push(null);
      }
      return missing;
    }
    const key = levelKey(trimmed, this.numeric);
    let code = this.index.get(key);
    if (code === undefined) {
      code = this.levels.length;
      this.levels.push(trimmed);
      this.index.set(key, code);
      unseen.add(trimmed);
    }
    return code;
  }
}

function codeColumn(
  book: LevelBook,
  column: RawColumn,
  tokens: ReadonlySet<string>,
  unseen: Set<string>,
): Int32Array {
  const lookup = column.values.map((v) => book.code(v, tokens, unseen));
  const codes = new Int32Array(column.codes.length);
  for (let i = 0; i < codes.length; i += 1) codes[i] = lookup[column.codes[i] as number] as number;
  return codes;
}

/**
 * Encodes the three tables for evaluation.
 *
 * @param schema the schema of the real rows (the user's corrections included); top-k folding is
 *   ignored here, excluded columns are left out.
 * @throws Error naming the column when the synthetic or holdout table lacks one of the real ones.
 */
export function evalTables(input: {
  real: RawTable;
  synth: RawTable;
  holdout?: RawTable | null;
  schema: Schema;
}): EvalTables {
  const schema: Schema = {
    ...input.schema,
    columns: input.schema.columns.map((c) => ({ ...c, topK: null })),
  };
  const codec = fitCodec(input.real, schema);
  const tokens = new Set(codec.missingTokens);
  const warnings: string[] = [];
  const named: [RawTable, string][] = [
    [input.real, 'real'],
    [input.synth, 'synthetic'],
  ];
  if (input.holdout) named.push([input.holdout, 'holdout']);
  const modelled = codec.columns.filter(
    (c) => c.kind !== 'identifier' && c.kind !== 'text' && c.kind !== 'constant',
  );
  for (const [raw, what] of named) for (const c of modelled) columnOf(raw, c.name, what);

  const encoded = named.map(([raw]) => toModelTable(codec, raw));
  for (const codecColumn of codec.columns) {
    if (!isDiscrete(codecColumn)) continue;
    const book = new LevelBook(codecColumn);
    const columns = named.map(([raw, what], t) => {
      const unseen = new Set<string>();
      const codes = codeColumn(book, columnOf(raw, codecColumn.name, what), tokens, unseen);
      if (t > 0 && unseen.size > 0) {
        const examples = [...unseen].slice(0, 3).map((u) => `"${u}"`);
        warnings.push(
          `The ${what} column "${codecColumn.name}" holds ${unseen.size} value${unseen.size === 1 ? '' : 's'} the real rows never hold (e.g. ${examples.join(', ')}); they count as categories of their own.`,
        );
      }
      return codes;
    });
    encoded.forEach((table, t) => {
      const at = table.columns.findIndex((c) => c.name === codecColumn.name);
      const column: DiscreteColumn = {
        type: 'discrete',
        name: codecColumn.name,
        codes: columns[t] as Int32Array,
        levels: book.levels,
      };
      table.columns[at] = column as ModelColumn;
    });
  }
  return {
    train: encoded[0] as ModelTable,
    synth: encoded[1] as ModelTable,
    holdout: input.holdout ? (encoded[2] as ModelTable) : null,
    codec,
    warnings,
  };
}

/** The rows `rows` of a table, in order (columns share their levels with the source). */
export function takeRows(table: ModelTable, rows: Int32Array): ModelTable {
  const columns = table.columns.map((c): ModelColumn => {
    if (c.type === 'numeric') {
      const values = new Float64Array(rows.length);
      rows.forEach((r, i) => (values[i] = c.values[r] as number));
      return { ...c, values };
    }
    const codes = new Int32Array(rows.length);
    rows.forEach((r, i) => (codes[i] = c.codes[r] as number));
    return { ...c, codes };
  });
  return { rows: rows.length, columns };
}
