/**
 * Conditional vectors and training-by-sampling (CTGAN, Xu et al. 2019, section 4.3).
 *
 * The conditional vector is the one-hots of every discrete column laid end to end (the Layout's
 * conditional spans); exactly one bit is set per row. During training a discrete column is picked
 * uniformly, one of its levels with probability proportional to log(1 + count) (or to count), and
 * the real rows shown to the critic are drawn among the rows that have that level. For generation,
 * the level is drawn by its raw frequency so the synthetic marginals follow the data.
 *
 * Every position comes from the Layout (`condStart` of the chosen span): the reference keeps a
 * start-index table that it never fills, so every discrete column but the first sets the wrong
 * bit (CTGAN issues 169 and 273). Pure TypeScript: no tfjs.
 */
import type { Rng } from '../rng';
import type { Layout } from './spans';

/** Per conditional span (discrete column), the number of rows holding each level. */
export type LevelCounts = number[][];

/** The conditions drawn for one training batch; every array has one entry per batch row. */
export interface TrainConditions {
  /** Position of the chosen level in the conditional vector (`condStart + level`); empty when the
   *  layout has no discrete column. */
  condIndex: Int32Array;
  /** The chosen conditional span, as an index into `layout.condSpans`; empty without conditions. */
  spanIndex: Int32Array;
  /** The chosen level within its span; empty without conditions. */
  level: Int32Array;
  /** A real row that has the chosen level (uniform over all rows without conditions). */
  rowIndex: Int32Array;
}

/**
 * Per conditional span, the probability of picking each level during training: proportional to
 * log(1 + count) when `logFrequency`, else to count. A span with no rows gets uniform levels.
 */
export function levelProbabilities(counts: LevelCounts, logFrequency: boolean): Float64Array[] {
  return counts.map((levels) => {
    const w = Float64Array.from(levels, (c) => (logFrequency ? Math.log1p(c) : c));
    const total = w.reduce((a, b) => a + b, 0);
    if (total <= 0) return w.fill(1 / Math.max(1, w.length));
    return w.map((x) => x / total);
  });
}

/**
 * The level each row holds in each conditional span (argmax over the span, so a soft row still
 * has one level), as `[condSpans.length][rows]`.
 */
function rowLevels(matrix: Float32Array, rows: number, layout: Layout): Int32Array[] {
  if (matrix.length !== rows * layout.dataDim) {
    throw new Error(
      `encoded matrix has ${matrix.length} values, expected ${rows}x${layout.dataDim}`,
    );
  }
  return layout.condSpans.map((span) => {
    const out = new Int32Array(rows);
    for (let r = 0; r < rows; r += 1) {
      const base = r * layout.dataDim + span.start;
      let best = 0;
      for (let j = 1; j < span.dim; j += 1) {
        if ((matrix[base + j] as number) > (matrix[base + best] as number)) best = j;
      }
      out[r] = best;
    }
    return out;
  });
}

/** Training-by-sampling over an encoded table, and conditions for generation. */
export class ConditionalSampler {
  /** Per conditional span, the training-time level probabilities. */
  readonly trainProbabilities: Float64Array[];
  /** Per conditional span, the raw level frequencies used for generation. */
  readonly originalProbabilities: Float64Array[];
  /** Per conditional span, its first position in the conditional vector (from the Layout). */
  private readonly condStarts: Int32Array;

  private constructor(
    readonly layout: Layout,
    readonly counts: LevelCounts,
    logFrequency: boolean,
    /** `[span][level]` -> the rows holding that level; null for a sampler restored from counts. */
    private readonly rowsByLevel: Int32Array[][] | null,
    private readonly rows: number,
  ) {
    this.trainProbabilities = levelProbabilities(counts, logFrequency);
    this.originalProbabilities = levelProbabilities(counts, false);
    this.condStarts = Int32Array.from(layout.condSpans, (span) => {
      if (span.condStart === null) throw new Error(`${span.column} is not a conditional span`);
      return span.condStart;
    });
  }

  /** Indexes a table: `matrix` is row-major `[rows, layout.dataDim]`. */
  static fromMatrix(
    matrix: Float32Array,
    rows: number,
    layout: Layout,
    logFrequency: boolean,
  ): ConditionalSampler {
    if (rows < 1) throw new Error('the table has no rows');
    const levels = rowLevels(matrix, rows, layout);
    const rowsByLevel = layout.condSpans.map((span, s) => {
      const lv = levels[s] as Int32Array;
      const sizes = new Int32Array(span.dim);
      for (let r = 0; r < rows; r += 1)
        sizes[lv[r] as number] = (sizes[lv[r] as number] as number) + 1;
      const lists = Array.from(sizes, (n) => new Int32Array(n));
      const fill = new Int32Array(span.dim);
      for (let r = 0; r < rows; r += 1) {
        const l = lv[r] as number;
        const at = fill[l] as number;
        (lists[l] as Int32Array)[at] = r;
        fill[l] = at + 1;
      }
      return lists;
    });
    const counts = rowsByLevel.map((lists) => lists.map((l) => l.length));
    return new ConditionalSampler(layout, counts, logFrequency, rowsByLevel, rows);
  }

  /** A generation-only sampler from saved level counts (`sampleTrain` is unavailable). */
  static fromCounts(layout: Layout, counts: LevelCounts): ConditionalSampler {
    if (counts.length !== layout.condSpans.length) {
      throw new Error(
        `saved counts cover ${counts.length} discrete columns, the layout has ${layout.condSpans.length}`,
      );
    }
    layout.condSpans.forEach((span, s) => {
      if (counts[s]?.length !== span.dim) {
        throw new Error(`saved counts for ${span.column} do not match its ${span.dim} levels`);
      }
    });
    return new ConditionalSampler(layout, counts, false, null, 0);
  }

  /** Width of the conditional vector (0 without discrete columns). */
  get condDim(): number {
    return this.layout.condDim;
  }

  /**
   * Conditions and matching real rows for one training batch: per row a discrete column
   * uniformly, a level by the training probabilities, and a real row holding that level.
   */
  sampleTrain(batch: number, rng: Rng): TrainConditions {
    const byLevel = this.rowsByLevel;
    if (!byLevel) throw new Error('this sampler was restored from counts and cannot sample rows');
    const spans = this.layout.condSpans;
    const rowIndex = new Int32Array(batch);
    if (spans.length === 0) {
      for (let i = 0; i < batch; i += 1) rowIndex[i] = rng.int(this.rows);
      const none = new Int32Array(0);
      return { condIndex: none, spanIndex: none, level: none, rowIndex };
    }
    const condIndex = new Int32Array(batch);
    const spanIndex = new Int32Array(batch);
    const level = new Int32Array(batch);
    for (let i = 0; i < batch; i += 1) {
      const s = rng.int(spans.length);
      const l = rng.weighted(this.trainProbabilities[s] as Float64Array);
      const candidates = (byLevel[s] as Int32Array[])[l] as Int32Array;
      if (candidates.length === 0) throw new Error(`level ${l} of span ${s} has no rows`);
      spanIndex[i] = s;
      level[i] = l;
      condIndex[i] = (this.condStarts[s] as number) + l;
      rowIndex[i] = candidates[rng.int(candidates.length)] as number;
    }
    return { condIndex, spanIndex, level, rowIndex };
  }

  /**
   * Conditions for generation with a level fixed (the paper's conditional generation): every
   * row's conditional vector sets a level of conditional span `span`. With several `levels`,
   * each row draws one of them by its frequency in the training rows (from `rng`), so the rows
   * follow the data given that one of them holds. Returns positions in the conditional vector.
   *
   * @throws when the span or a level does not exist, or several levels come without `rng`.
   */
  fixedConditions(
    batch: number,
    span: number,
    levels: number | readonly number[],
    rng?: Rng,
  ): Int32Array {
    const info = this.layout.condSpans[span];
    const list = typeof levels === 'number' ? [levels] : [...levels];
    for (const level of list)
      if (!info || !Number.isInteger(level) || level < 0 || level >= info.dim)
        throw new Error(`there is no level ${level} in conditional span ${span}`);
    if (list.length === 0) throw new Error('fix at least one level');
    const start = this.condStarts[span] as number;
    if (list.length === 1) return new Int32Array(batch).fill(start + (list[0] as number));
    if (!rng) throw new Error('several levels are drawn with a random number generator');
    const p = this.originalProbabilities[span] as Float64Array;
    const weights = list.map((level) => p[level] as number);
    const drawn = weights.some((w) => w > 0) ? weights : weights.map(() => 1);
    const out = new Int32Array(batch);
    for (let i = 0; i < batch; i += 1) out[i] = start + (list[rng.weighted(drawn)] as number);
    return out;
  }

  /** The index among the conditional spans of a discrete column, or -1 when it has none. */
  spanOf(column: string): number {
    return this.layout.condSpans.findIndex((s) => s.column === column);
  }

  /** The share (0-1) of the training rows that hold `level` of conditional span `span`. */
  levelShare(span: number, level: number): number {
    return this.originalProbabilities[span]?.[level] ?? 0;
  }

  /**
   * Conditions for generation: per row a discrete column uniformly and a level by its raw
   * frequency. Returns positions in the conditional vector; empty without discrete columns.
   */
  sampleOriginal(batch: number, rng: Rng): Int32Array {
    const spans = this.layout.condSpans;
    if (spans.length === 0) return new Int32Array(0);
    const out = new Int32Array(batch);
    for (let i = 0; i < batch; i += 1) {
      const s = rng.int(spans.length);
      const l = rng.weighted(this.originalProbabilities[s] as Float64Array);
      out[i] = (this.condStarts[s] as number) + l;
    }
    return out;
  }
}
