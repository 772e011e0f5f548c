import type { ColumnSpec, Schema } from '../types';

/** A categorical column with more levels than this gets a warning before training. */
export const MANY_LEVELS = 200;
/** The level count offered by the "keep the most frequent" fix. */
export const DEFAULT_TOP_K = 50;

export type EncodingFix =
  { type: 'kind'; kind: 'identifier' | 'text' } | { type: 'top-k'; k: number };

export interface EncodingWarning {
  column: string;
  levels: number;
  message: string;
  fixes: EncodingFix[];
}

/** Levels a categorical column is modelled with (top-k folding and the missing level counted). */
export function levelsModelled(c: ColumnSpec): number {
  const missingLevel = c.stats.missing > 0 ? 1 : 0;
  const levels = c.topK !== null ? Math.min(c.topK + 1, c.stats.distinct) : c.stats.distinct;
  return levels + missingLevel;
}

/**
 * Columns whose one-hot encoding would blow up the model, each with the fixes on offer:
 * treat it as an identifier or as free text (not modelled), or keep the k most frequent levels
 * and fold the rest into one "other" level.
 */
export function encodingWarnings(schema: Schema): EncodingWarning[] {
  const warnings: EncodingWarning[] = [];
  for (const c of schema.columns) {
    if (c.excluded) continue;
    if (c.kind !== 'categorical' && c.kind !== 'boolean') continue;
    const levels = levelsModelled(c);
    if (levels <= MANY_LEVELS) continue;
    warnings.push({
      column: c.name,
      levels,
      message:
        `"${c.name}" has ${levels.toLocaleString('en-US')} different values. As categories they would ` +
        `add ${levels.toLocaleString('en-US')} inputs to the model, which makes training slow and ` +
        'memorises rare values. Treat it as an identifier or as text, or keep only the most frequent values.',
      fixes: [
        { type: 'kind', kind: 'identifier' },
        { type: 'kind', kind: 'text' },
        { type: 'top-k', k: Math.min(DEFAULT_TOP_K, MANY_LEVELS) },
      ],
    });
  }
  return warnings;
}

/** Width of the one-hot part of the encoded table for the columns that are modelled as categories. */
export function categoricalWidth(schema: Schema): number {
  return schema.columns
    .filter((c) => !c.excluded && (c.kind === 'categorical' || c.kind === 'boolean'))
    .reduce((sum, c) => sum + levelsModelled(c), 0);
}
