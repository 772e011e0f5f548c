/**
 * The codec a DP model file carries: the fitted codec with everything read from the data
 * without noise replaced. Ranges and levels come from MST's state (public facts or DP
 * estimates); missing shares, identifier patterns, text lengths and constant values, which the
 * codec read from the rows, are dropped. What stays is the schema (names, kinds, number and
 * date formats, missing token, padding), which DP treats as public.
 */
import type { CodecState, ColumnCodec } from '../../data/codec-state';
import { GENERIC_PATTERN } from '../../data/identifier-pattern';
import type { MstState } from './state';

/** Placeholder text length for text columns under DP (the real lengths are not read). */
const TEXT_LENGTH = 12;

export function publicCodec(codec: CodecState, state: MstState): CodecState {
  const byName = new Map(state.columns.map((c) => [c.name, c]));
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
