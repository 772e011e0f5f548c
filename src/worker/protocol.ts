/**
 * Messages between the page and the engine worker: tagged unions, handled by exhaustive
 * switches on both sides. Every request carries a `runId`; every answer names the request it
 * answers. Only plain, structured-clonable data crosses (no tensors, no class instances).
 */
import type { ColumnOverride, ReadReport, Schema } from '../core/types';
import type { ColumnSummary } from '../core/eval/column-summary';
import type { EncodingWarning } from '../core/data/encoding-warnings';

export type EngineRequest =
  | { type: 'load-file'; runId: number; file: File }
  | { type: 'load-url'; runId: number; url: string; name: string }
  | { type: 'cancel'; runId: number; target: number }
  | {
      type: 'update-schema';
      runId: number;
      missingTokens: string[];
      overrides: Record<string, ColumnOverride>;
    }
  | { type: 'get-rows'; runId: number; start: number; count: number };

/** What the page knows about the loaded table: everything but the rows themselves. */
export interface DatasetView {
  name: string;
  fileBytes: number;
  rowCount: number;
  columnNames: string[];
  report: ReadReport;
  schema: Schema;
  summaries: ColumnSummary[];
  encodingWarnings: EncodingWarning[];
  readSeconds: number;
}

export type ErrorCode =
  | 'empty'
  | 'header-only'
  | 'binary'
  | 'too-many-columns'
  | 'too-large'
  | 'wrong-delimiter'
  | 'unreadable'
  | 'cancelled'
  | 'no-data'
  | 'internal';

export type EngineResponse =
  | { type: 'progress'; runId: number; bytesRead: number; totalBytes: number; rows: number }
  | { type: 'loaded'; runId: number; dataset: DatasetView }
  | { type: 'schema'; runId: number; dataset: DatasetView }
  | { type: 'rows'; runId: number; start: number; rows: string[][] }
  | { type: 'error'; runId: number; code: ErrorCode; message: string };

/** Exhaustiveness check for switches over message types. */
export function assertNever(x: never): never {
  throw new Error(`Unhandled message: ${JSON.stringify(x)}`);
}
