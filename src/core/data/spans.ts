/**
 * The encoded layout contract. The data transformer describes the encoded matrix as a list of
 * spans (width + activation) per column; this module is the ONLY code that walks that list and
 * computes offsets. The generator's activations, the conditional sampler, the conditional loss,
 * the VAE loss and the inverse transform all read a {@link Layout} from here.
 */

/** How the model's raw output over a span is turned into values. */
export type SpanActivation = 'tanh' | 'softmax';

/** What a span means for its column. */
export type SpanRole =
  /** The normalised scalar of a continuous column, in [-1, 1] (tanh). */
  | 'scalar'
  /** Which component of a continuous column: its mixture modes, then point masses, then missing. */
  | 'component'
  /** The one-hot level of a discrete (categorical or boolean) column. */
  | 'level';

export interface OutputSpan {
  /** Name of the column this span belongs to. */
  column: string;
  role: SpanRole;
  dim: number;
  activation: SpanActivation;
}

export interface SpanInfo extends OutputSpan {
  /** Position in the span list. */
  index: number;
  /** First encoded dimension (inclusive). */
  start: number;
  /** Last encoded dimension (exclusive). */
  end: number;
  /**
   * Position among the conditional spans (the discrete columns' level spans), or null. The
   * conditional vector is their one-hots laid end to end.
   */
  condIndex: number | null;
  /** First dimension of this span in the conditional vector, or null. */
  condStart: number | null;
}

export interface Layout {
  spans: SpanInfo[];
  /** Width of the encoded matrix. */
  dataDim: number;
  /** The spans a conditional vector can pick from (level spans of discrete columns). */
  condSpans: SpanInfo[];
  /** Width of the conditional vector. */
  condDim: number;
}

/** Computes every offset once. Level spans (discrete columns) are the conditional spans. */
export function buildLayout(spans: readonly OutputSpan[]): Layout {
  const infos: SpanInfo[] = [];
  const condSpans: SpanInfo[] = [];
  let start = 0;
  let condStart = 0;
  spans.forEach((span, index) => {
    if (span.dim < 1) throw new Error(`span ${index} of ${span.column} has width ${span.dim}`);
    if (span.role === 'scalar' && (span.dim !== 1 || span.activation !== 'tanh')) {
      throw new Error(`scalar span of ${span.column} must be one tanh dimension`);
    }
    if (span.role !== 'scalar' && span.activation !== 'softmax') {
      throw new Error(`${span.role} span of ${span.column} must be softmax`);
    }
    const isCond = span.role === 'level';
    const info: SpanInfo = {
      ...span,
      index,
      start,
      end: start + span.dim,
      condIndex: isCond ? condSpans.length : null,
      condStart: isCond ? condStart : null,
    };
    infos.push(info);
    if (isCond) {
      condSpans.push(info);
      condStart += span.dim;
    }
    start += span.dim;
  });
  return { spans: infos, dataDim: start, condSpans, condDim: condStart };
}

/** The spans of one column, in order. */
export function spansOf(layout: Layout, column: string): SpanInfo[] {
  return layout.spans.filter((s) => s.column === column);
}

/**
 * For each encoded dimension, the index of the softmax span it belongs to, or -1 for tanh
 * dimensions (used to build per-span masks once).
 */
export function softmaxSpanOfDim(layout: Layout): Int32Array {
  const out = new Int32Array(layout.dataDim).fill(-1);
  for (const s of layout.spans) {
    if (s.activation === 'softmax') out.fill(s.index, s.start, s.end);
  }
  return out;
}
