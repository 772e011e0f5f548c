/**
 * The codec a DP model file carries: the fitted codec with everything read from the data
 * without noise replaced. Ranges and levels come from the model's domains (public facts or
 * DP estimates: MST's state, DP ARGN's domains); missing shares, identifier patterns, text lengths and constant values, which the
 * codec read from the rows, are dropped. What stays is the schema (names, kinds, number and
 * date formats, missing token, padding), which DP treats as public.
 */
import type { CodecState, ColumnCodec } from '../../data/codec-state';
import { GENERIC_PATTERN } from '../../data/identifier-pattern';

/** A column's public domain: a range for numbers, levels for categories. */
export type PublicDomain =
  | { type: 'numeric'; name: string; low: number; high: number }
  | { type: 'discrete'; name: string; levels: readonly (string | null)[] };

/** Placeholder text length for text columns under DP (the real lengths are not read). */
const TEXT_LENGTH = 12;

export function publicCodec(codec: CodecState, domains: readonly PublicDomain[]): CodecState {
  const byName = new Map(domains.map((c) => [c.name, c]));
  return {
    ...codec,
    columns: codec.columns.map((column): ColumnCodec => {
      const base = { ...column, missingShare: 0 };
      const mst = byName.get(column.name);
      switch (base.kind) {
        case 'continuous':
        case 'integer':
        case 'datetime':
          return mst?.type === 'numeric' ? { ...base, min: mst.low, max: mst.high } : base;
        case 'categorical':
        case 'boolean':
          return mst?.type === 'discrete' ? { ...base, levels: [...mst.levels] } : base;
        case 'identifier':
          return { ...base, pattern: { ...GENERIC_PATTERN } };
        case 'text':
          return { ...base, meanLength: TEXT_LENGTH };
        case 'constant':
          return { ...base, value: null };
      }
    }),
  };
}
