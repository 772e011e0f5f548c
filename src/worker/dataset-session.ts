import { encodingWarnings } from '../core/data/encoding-warnings';
import { applyOverrides, inferSchema } from '../core/data/schema-inference';
import { summarizeColumn } from '../core/eval/column-summary';
import type { ColumnOverride, RawTable, ReadReport, Schema } from '../core/types';
import { DEFAULT_MISSING_TOKENS } from '../core/types';
import type { DatasetView } from './protocol';

/**
 * The loaded table and what was inferred of it. Lives in the engine worker; the page sees only
 * {@link DatasetView} and row windows.
 */
export class DatasetSession {
  private schema: Schema;
  private missingTokens: string[] = [...DEFAULT_MISSING_TOKENS];
  private overrides: Record<string, ColumnOverride> = {};

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
    }
    this.overrides = overrides;
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
      summaries: schema.columns.map((c) =>
        summarizeColumn(this.table.columns[c.index] as RawTable['columns'][number], c, tokens),
      ),
      encodingWarnings: encodingWarnings(schema),
      readSeconds: this.readSeconds,
    };
  }

  /** Rows `[start, start + count)` as raw strings, clipped to the table. */
  rows(start: number, count: number): string[][] {
    const from = Math.max(0, Math.min(start, this.table.rowCount));
    const to = Math.max(from, Math.min(from + count, this.table.rowCount));
    const out: string[][] = [];
    for (let r = from; r < to; r += 1) {
      out.push(this.table.columns.map((c) => c.values[c.codes[r] as number] ?? ''));
    }
    return out;
  }
}
