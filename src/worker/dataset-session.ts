import { encodingWarnings } from '../core/data/encoding-warnings';
import { applyOverrides, inferSchema } from '../core/data/schema-inference';
import { tableRows } from '../core/data/csv-writer';
import { summarizeColumn, type ColumnSummary } from '../core/eval/column-summary';
import type {
  ColumnOverride,
  ColumnSpec,
  RawColumn,
  RawTable,
  ReadReport,
  Schema,
} from '../core/types';
import { DEFAULT_MISSING_TOKENS } from '../core/types';
import type { Constraint } from '../core/rules/constraints';
import { categoryLevels, checkAgainstData } from './constraint-check';
import type { ConstraintCheckResult, DatasetView } from './protocol';

/**
 * The loaded table and what was inferred of it. Lives in the engine worker; the page sees only
 * {@link DatasetView} and row windows.
 */
export class DatasetSession {
  private schema: Schema;
  private missingTokens: string[] = [...DEFAULT_MISSING_TOKENS];
  private overrides: Record<string, ColumnOverride> = {};
  /**
   * Column summaries by column and kind: a kind change re-bins one column, not all of them
   * (binning parses every distinct value, a million for a unique numeric column).
   */
  private summaries = new Map<string, ColumnSummary>();

  constructor(
    readonly name: string,
    readonly fileBytes: number,
    readonly table: RawTable,
    readonly report: ReadReport,
    readonly readSeconds: number,
  ) {
    this.schema = inferSchema(table, this.missingTokens);
  }

  /** Re-infers kinds with new missing-value tokens, then lays the user's overrides over them. */
  update(missingTokens: readonly string[], overrides: Record<string, ColumnOverride>): void {
    const tokensChanged = missingTokens.join('\u0000') !== this.missingTokens.join('\u0000');
    if (tokensChanged) {
      this.missingTokens = [...missingTokens];
      this.schema = inferSchema(this.table, this.missingTokens);
      this.summaries.clear();
    }
    this.overrides = overrides;
  }

  /** The user's choices in force (kept with a training run, so a resumed run reads the same). */
  choices(): { missingTokens: string[]; overrides: Record<string, ColumnOverride> } {
    return { missingTokens: [...this.missingTokens], overrides: this.overrides };
  }

  /** The schema in force: inferred kinds with the user's overrides. */
  currentSchema(): Schema {
    return applyOverrides(this.schema, this.overrides);
  }

  view(): DatasetView {
    const schema = this.currentSchema();
    const tokens = new Set(this.missingTokens);
    return {
      name: this.name,
      fileBytes: this.fileBytes,
      rowCount: this.table.rowCount,
      columnNames: this.table.names,
      report: this.report,
      schema,
      summaries: schema.columns.map((c) => this.summary(c, tokens)),
      encodingWarnings: encodingWarnings(schema),
      readSeconds: this.readSeconds,
    };
  }

  private summary(c: ColumnSpec, tokens: ReadonlySet<string>): ColumnSummary {
    const key = `${c.index}:${c.kind}`;
    let s = this.summaries.get(key);
    if (!s) {
      s = summarizeColumn(this.table.columns[c.index] as RawColumn, c, tokens);
      this.summaries.set(key, s);
    }
    return s;
  }

  /** Each constraint checked against the real rows with the schema in force. */
  checkConstraints(constraints: readonly Constraint[]): ConstraintCheckResult[] {
    return checkAgainstData(constraints, this.table, this.currentSchema());
  }

  /** The values of the category columns, for the page's pickers. */
  levels(): Record<string, string[]> {
    return categoryLevels(this.table, this.currentSchema());
  }

  /** Rows `[start, start + count)` as raw strings, clipped to the table. */
  rows(start: number, count: number): string[][] {
    return tableRows(this.table, start, start + count);
  }
}
