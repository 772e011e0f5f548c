/**
 * What a trained ARGN is made of, and one row written step by step, as plain data for the
 * "How it works" panel. Both read the model's own discretizer state and weights; the row is
 * drawn exactly as `sampleArgn` draws row 1 of `sampleTable(1, seed)` (file order, same seeded
 * draws), so the explanation is the model's real computation and the same seed gives the same
 * row.
 */
import { plainLabel, type ValueLabel } from '../../data/value-label';
import * as tf from '@tensorflow/tfjs';
import {
  cardinality,
  tableColumnOf,
  undiscretize,
  type ColumnTokens,
  type DiscretizerState,
} from '../../data/discretizer';
import { OTHER_LEVEL, type ModelColumn } from '../../data/model-table';
import { Rng } from '../../rng';
import type { ArgnShape } from './argn-net';
import { draw, embedColumn, foldRareToken, headLogits, type ArgnNet } from './argn-sample';

/** How one column becomes tokens, and the network's widths for it. */
export interface ArgnColumnAnatomy {
  name: string;
  /**
   * categories: one token per common level; values: one per common value; bins: quantile bins;
   * positions: where in its bin the value lies (the token column after a binned one).
   */
  tokenKind: 'categories' | 'values' | 'bins' | 'positions';
  tokens: number;
  /** Common levels or exact values kept (categories, values; point masses for bins). */
  kept: number;
  /** Quantile bins (binned columns only). */
  bins: number;
  /** A rare token that rarer levels fold into (categories). */
  rareToken: boolean;
  missingToken: boolean;
  /** Binned columns: the protected lowest and highest values (clipped beyond). */
  range: [number, number] | null;
  /** The same in words: a date column's as dates in its own format. */
  rangeText?: [string, string];
  embeddingWidth: number;
  /** Units of this column's head in each regressor layer. */
  headWidths: number[];
}

export interface ArgnAnatomy {
  kind: 'argn';
  columns: ArgnColumnAnatomy[];
  /** Tokens over all columns. */
  vocabulary: number;
  /** Numbers held in the network's weights. */
  parameters: number;
}

/** One token and its predicted probability. */
export interface TokenShare {
  token: number;
  label: string;
  probability: number;
}

/** One column of the explained row, in the order it was written. */
export interface ArgnStep {
  column: string;
  /** The five likeliest tokens, likeliest first (after the rare token's share is given away). */
  top: TokenShare[];
  /** Tokens of the column. */
  tokens: number;
  drawn: TokenShare;
  /** The value written (a level, or a number drawn inside the bin). */
  value: string;
}

export interface ArgnRowExplanation {
  kind: 'argn';
  seed: number;
  steps: ArgnStep[];
}

const TOP = 5;

/** Whether a model exposes what sampling reads (the trained ARGN does). */
export function isArgnNet(model: unknown): model is ArgnNet {
  const m = model as Partial<ArgnNet> | null;
  return !!m && !!m.params && !!m.constants && !!m.shape && !!m.discretizer;
}

/** A token in words: its level, value, or bin (numbers written by `label`). */
export function tokenLabel(c: ColumnTokens, token: number, label = plainLabel): string {
  const fmt = (x: number) => label(c.name, x);
  if (c.kind === 'categorical') {
    if (token === 0) return 'rare levels (grouped)';
    const level = c.levels[token - 1];
    return level === null || level === undefined ? '(missing)' : level;
  }
  if (c.kind === 'fine') return `part ${token + 1} of ${c.positions} within the bin`;
  let t = token;
  if (c.missing) {
    if (t === 0) return '(missing)';
    t -= 1;
  }
  if (c.kind === 'values') return fmt(c.values[t] ?? NaN);
  if (t === 0) return `lowest (${fmt(c.min)})`;
  if (t === 1) return `highest (${fmt(c.max)})`;
  t -= 2;
  if (t < c.masses.length) return `exactly ${fmt(c.masses[t] as number)}`;
  t -= c.masses.length;
  return `${fmt(c.edges[t] as number)} to ${fmt(c.edges[t + 1] as number)}`;
}

function columnAnatomy(
  c: ColumnTokens,
  shape: ArgnShape,
  j: number,
  label: ValueLabel,
): ArgnColumnAnatomy {
  const base = {
    name: c.kind === 'fine' ? `${c.name} (position in bin)` : c.name,
    tokens: cardinality(c),
    embeddingWidth: shape.embWidths[j] as number,
    headWidths: shape.units.map((u) => u[j] as number),
  };
  if (c.kind === 'categorical')
    return {
      ...base,
      tokenKind: 'categories',
      kept: c.levels.length,
      bins: 0,
      rareToken: true,
      missingToken: c.levels.includes(null),
      range: null,
    };
  if (c.kind === 'fine')
    return {
      ...base,
      tokenKind: 'positions',
      kept: 0,
      bins: 0,
      rareToken: false,
      missingToken: false,
      range: null,
    };
  if (c.kind === 'values')
    return {
      ...base,
      tokenKind: 'values',
      kept: c.values.length,
      bins: 0,
      rareToken: false,
      missingToken: c.missing,
      range: null,
    };
  return {
    ...base,
    tokenKind: 'bins',
    kept: c.masses.length,
    bins: Math.max(0, c.edges.length - 1),
    rareToken: false,
    missingToken: c.missing,
    range: [c.min, c.max],
    rangeText: [label(c.name, c.min), label(c.name, c.max)],
  };
}

/** The tokens, widths and size of a trained ARGN, from its own discretizer state. */
export function argnAnatomy(net: ArgnNet, label = plainLabel): ArgnAnatomy {
  const { embedding, layers, predictor } = net.params;
  const parameters = [embedding, ...layers.flatMap((l) => [l.w, l.b]), predictor.w, predictor.b]
    .map((t) => t.size)
    .reduce((a, b) => a + b, 0);
  return {
    kind: 'argn',
    columns: net.discretizer.columns.map((c, j) => columnAnatomy(c, net.shape, j, label)),
    vocabulary: net.vocabulary,
    parameters,
  };
}

function cellText(column: ModelColumn, label: ValueLabel): string {
  if (column.type === 'discrete') {
    const level = column.levels[column.codes[0] as number];
    if (level === OTHER_LEVEL) return 'another level (rare levels are grouped)';
    return level === null || level === undefined ? '(missing)' : level;
  }
  const v = column.values[0] as number;
  return Number.isNaN(v) ? '(missing)' : label(column.name, v);
}

/**
 * One row written column by column in file order, with each column's predicted token shares,
 * the token drawn and the value it decodes to. The draws are those of `sampleArgn(net, 1,
 * seed)`, so the row is the one `sampleTable(1, seed)` writes.
 */
export async function explainArgnRow(
  net: ArgnNet,
  seed: number,
  label = plainLabel,
): Promise<ArgnRowExplanation> {
  const disc: DiscretizerState = net.discretizer;
  const rng = new Rng(seed);
  const cols = net.shape.cards.length;
  const tokens = new Int32Array(cols);
  const shares: { top: TokenShare[]; drawn: TokenShare; tokens: number }[] = [];
  let embedded: tf.Tensor2D = tf.zeros([1, net.params.embedding.shape[1]]);
  try {
    for (let j = 0; j < cols; j += 1) {
      const current = embedded;
      const probs = tf.tidy(() => tf.softmax(headLogits(net, j, current)));
      const p = (await probs.data()) as Float32Array;
      probs.dispose();
      const k = net.shape.cards[j] as number;
      const column = disc.columns[j] as ColumnTokens;
      foldRareToken(column, p, 1, k);
      const token = draw(p, 0, k, rng);
      tokens[j] = token;
      const share = (t: number): TokenShare => ({
        token: t,
        label: tokenLabel(column, t, label),
        probability: p[t] as number,
      });
      const top = Array.from({ length: k }, (_, t) => t)
        .filter((t) => (p[t] as number) > 0)
        .sort((a, b) => (p[b] as number) - (p[a] as number) || a - b)
        .slice(0, TOP)
        .map(share);
      shares.push({ top, drawn: share(token), tokens: k });
      embedded = tf.tidy(() => tf.add(current, embedColumn(net, j, Int32Array.of(token))));
      current.dispose();
    }
  } finally {
    embedded.dispose();
  }
  const row = undiscretize(disc, tokens, 1, rng);
  const owner = tableColumnOf(disc);
  return {
    kind: 'argn',
    seed,
    steps: shares.map((s, j) => {
      const c = disc.columns[j];
      return {
        column: c?.kind === 'fine' ? `${c.name} (position in bin)` : (c?.name ?? ''),
        ...s,
        value: cellText(row.columns[owner[j] as number] as ModelColumn, label),
      };
    }),
  };
}
