/**
 * Why training is slow on a column of many levels, in the user's words, for the model chosen:
 * the train panel shows it before and during training, with the fixes the schema offers (the
 * schema's warning alone is easy to scroll past, and then a run of CTGAN on a column of 3,499
 * levels looks stuck). Plain data; no tfjs.
 */
import { encodingWarnings, type EncodingFix } from './data/encoding-warnings';
import type { Schema } from './types';
import { MODEL_REGISTRY, type ModelKind } from './models/registry';

export interface LevelCostNotice {
  column: string;
  levels: number;
  message: string;
  /** The schema's fixes for the column, applied before training. */
  fixes: EncodingFix[];
}

const count = (n: number) => n.toLocaleString('en-US');

/** What the levels cost the model, from how its registry entry encodes a category. */
function costOf(kind: ModelKind, levels: number): string {
  const entry = MODEL_REGISTRY[kind];
  if (!entry.trainsInEpochs)
    return `${entry.title} fits in one pass, so they slow it little, but rare levels are learned from a row or two`;
  const per =
    entry.encoding === 'mode-specific'
      ? 'gives every level its own input and output (and, for a conditional model, its own condition)'
      : 'gives every level its own embedding and scores all of them for every row';
  return (
    `${entry.title} ${per}, so each training step works through ${count(levels)} more ` +
    'numbers for every row of the batch: that is why training is slow, and rare levels are ' +
    'learned from a row or two'
  );
}

/**
 * One notice per modelled column with more levels than the schema warns about (the schema's
 * own threshold), saying why `kind` trains slowly on it and what the fixes are.
 */
export function levelCostNotices(schema: Schema, kind: ModelKind): LevelCostNotice[] {
  return encodingWarnings(schema).map((w) => ({
    column: w.column,
    levels: w.levels,
    message:
      `Column "${w.column}" has ${count(w.levels)} levels: ${costOf(kind, w.levels)}. ` +
      'Before training, you can treat the column as an identifier or as free text (it is then not modelled), ' +
      `or keep its ${fixK(w.fixes)} most frequent values and fold the rest into one.`,
    fixes: w.fixes,
  }));
}

function fixK(fixes: readonly EncodingFix[]): number {
  for (const f of fixes) if (f.type === 'top-k') return f.k;
  return 50;
}
