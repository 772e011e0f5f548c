/**
 * The one path from a table to synthetic rows: schema -> codec -> transformer -> model ->
 * train -> sample -> inverse. The engine worker and the CLI both call it, so the page and the
 * command line give the same table for the same data, settings and seed.
 */
import {
  fitCodec,
  fromModelTable,
  toModelTable,
  type CodecOptions,
  type CodecState,
} from './data/table-codec';
import { codecLabel } from './data/value-label';
import {
  decodeMatrix,
  encodeTable,
  fitTransformer,
  outputSpans,
  type TransformerState,
} from './data/data-transformer';
import type { ModelTable } from './data/model-table';
import { buildLayout } from './data/spans';
import { createArgn, type ArgnConfig, type ArgnModel, type ArgnSampleOptions } from './models/argn';
import { backendBytes, countTensors } from './models/backend';
import {
  argnAnatomy,
  explainArgnRow,
  isArgnNet,
  type ArgnAnatomy,
  type ArgnRowExplanation,
} from './models/argn-explain';
import {
  cartAnatomy,
  explainCartRow,
  type CartAnatomy,
  type CartRowExplanation,
} from './models/cart-explain';
import { fitCopula, sampleCopula, type CopulaState } from './models/copula';
import { createCtgan, CtganModel, type CtganConfig } from './models/ctgan';
import type { EncodedTable, ModelState, NeuralModel } from './models/synthesizer';
import {
  fitSequentialTrees,
  sampleSequentialTrees,
  type CartConfig,
  type CartModel,
} from './models/sequential-trees';
import { createTvae, type TvaeConfig } from './models/tvae';
import { Rng } from './rng';
import { NonFiniteLoss, trainLoop, type TrainReport } from './train/train-loop';
import type { Checkpoint } from './train/checkpoint';
import { firstNonFinite } from './models/training-state';
import { conditionalVectorChoice, fixedCells, type Condition } from './rules/conditions';
import {
  columnsOfCodec,
  extendPlan,
  fitConstraintPlan,
  realTable,
  transformForTraining,
  type ConstraintPlan,
} from './rules/constraint-plan';
import { sampleRowsUnderRules, WRITE_SEED_MIX, type SampledRows } from './rules/constrained-rows';
import type { Constraint } from './rules/constraints';
import type { RejectLimits } from './rules/reject-sampler';
import type { ConstraintCheck } from './rules/validity';
import type { RawTable, Schema } from './types';

export type ModelKind = 'ctgan' | 'tvae' | 'copula' | 'argn' | 'cart';

/** Models that fit on the table in model form, with no mode-specific transformer. */
const TABLE_MODELS: readonly ModelKind[] = ['copula', 'argn', 'cart'];

export interface SynthesisConfig {
  model: ModelKind;
  /** Epochs to train (ARGN: the most; it stops early when validation stops improving). */
  epochs: number;
  seed: number;
  /** Training-time budget in seconds (no epoch starts after it); none when absent. */
  maxSeconds?: number;
  /**
   * Train on at most this many rows: a seeded random subset of the training rows, for a table
   * too large for this device's memory (the rest are neither trained on nor held out).
   */
  trainRows?: number;
  /**
   * The engine worker scores a sample against the real rows every few epochs (live quality).
   * With this set, it keeps the epoch that scored best, ends with that model when the last epoch
   * scored clearly worse, and stops once `patience` scored epochs in a row brought no gain
   * (null: trains every epoch). CTGAN, TVAE and ARGN; ignored elsewhere.
   */
  keepBest?: { patience: number | null };
  /**
   * Rules every synthetic row keeps: checked on the real rows, kept by reversible rewrites of
   * the training table where they can be, by reject sampling otherwise.
   */
  constraints?: Constraint[];
  ctgan?: Partial<CtganConfig>;
  tvae?: Partial<TvaeConfig>;
  argn?: Partial<ArgnConfig>;
  cart?: Partial<CartConfig>;
}

/** How to draw rows in model form; only ARGN reads these (temperature, order, fixed cells). */
export type SampleOptions = ArgnSampleOptions;

/** How `sampleRows` draws: conditions and extra rules for every model, temperature for ARGN. */
export interface RowSampling {
  /** "column = value", every one met by every row (natively where the model can). */
  conditions?: Condition[];
  /** ARGN's softmax temperature; 1 samples the learned distribution. */
  temperature?: number;
  /** When a rare condition gives up: rows drawn, seconds (default 60 s). */
  limits?: RejectLimits;
  /** Rules added after training (a loaded model), met by reject sampling only. */
  constraints?: Constraint[];
}

export type { SampledRows } from './rules/constrained-rows';

/** A fitted ARGN's tokens and widths, or the fitted trees (for "How it works"). */
export type FittedAnatomy = ArgnAnatomy | CartAnatomy;
/**
 * One synthetic row written step by step by ARGN or the trees (model form), and the same row
 * as it lands in the output file (`written`: the input's columns and formats).
 */
export type RowExplanation = (ArgnRowExplanation | CartRowExplanation) & {
  written: { names: string[]; row: string[] };
};

/** The data made ready for a model, with what it cost. */
export interface Prepared {
  codec: CodecState;
  /** The training rows in model form, as they are (what live charts and scores compare with). */
  table: ModelTable;
  /** What the model learns: `table` with the constraints' rewrites (`table` itself without). */
  trainingTable: ModelTable;
  /** The constraints fitted on the training rows; null without constraints. */
  plan: ConstraintPlan | null;
  /** Per constraint, how many real training rows break it, with examples ([] without). */
  checks: ConstraintCheck[];
  /** Fitted on `trainingTable`. */
  transformer: TransformerState | null;
  encoded: EncodedTable | null;
  /** Seconds to fit the codec and the transformer and to encode the table. */
  fitSeconds: number;
}

/** A saved model: config, codec and transformer state, weights. Never a training row. */
export interface ModelFile {
  format: 'facsimile-model';
  version: 1;
  kind: ModelKind;
  createdAt: string;
  config: SynthesisConfig;
  codec: CodecState;
  transformer: TransformerState | null;
  neural: ModelState | null;
  copula: CopulaState | null;
  /** The constraints' plan (null without constraints; files made before it read as null). */
  plan: ConstraintPlan | null;
}

/**
 * A training report as the pipeline yields it. At an epoch end it may carry `peek`, which
 * samples rows in model form from the model as it is now (for live charts and live quality);
 * call it before asking for the next report.
 */
export interface PipelineReport extends TrainReport {
  peek?: (rows: number, seed: number) => Promise<ModelTable>;
  /**
   * At an epoch end of CTGAN, TVAE and ARGN: the model's state now, with what training needs
   * to go on (call it before asking for the next report). Throws {@link NonFiniteLoss} when a
   * weight is no longer a number, so a broken state is never kept.
   */
  checkpoint?: () => Promise<Checkpoint>;
}

/** How {@link Synthesis.train} runs. */
export interface TrainOptions {
  signal?: AbortSignal;
  lossEvery?: number;
  /**
   * Continue from this checkpoint (same data, same config): the model is rebuilt from its state
   * with the training data, and training goes on at epoch `resume.epoch + 1`.
   */
  resume?: Checkpoint;
  /**
   * Told the model as soon as it is built, so a caller that must abandon the run without
   * finishing it (a lost WebGL context: the pending step never settles) can still free it.
   */
  onModel?: (model: { dispose(): void }) => void;
}

/** The checkpoint taker for an epoch-end report. */
function checkpointOf(
  model: { trainingState(): Promise<ModelState> },
  report: TrainReport,
): () => Promise<Checkpoint> {
  return async () => {
    const state = await model.trainingState();
    const bad = firstNonFinite(state);
    if (bad !== null) throw new NonFiniteLoss(report.epoch, report.step, 'weights', NaN);
    const savedAt = new Date().toISOString();
    return { epoch: report.epoch, epochs: report.epochs, state, savedAt };
  };
}

/** The checkpoint's state, checked against the run it is to continue. */
function resumeState(config: SynthesisConfig, resume?: Checkpoint): ModelState | undefined {
  if (!resume) return undefined;
  if (resume.state.kind !== config.model)
    throw new Error(`The checkpoint holds a ${resume.state.kind} model, not ${config.model}.`);
  return resume.state;
}

const now = () => performance.now();

/**
 * Fits the codec (and, for the neural models, the mode-specific transformer) on the training
 * rows and encodes them.
 *
 * @param rows indices of the training rows in `raw` (the rest may be a holdout); default all
 */
export function prepare(
  raw: RawTable,
  schema: Schema,
  config: SynthesisConfig,
  rows?: Int32Array,
): Prepared {
  const started = now();
  const rng = new Rng(config.seed);
  const codec = fitCodec(raw, schema, rows);
  const table = toModelTable(codec, raw, rows);
  // A constraint that does not fit the columns throws a ConstraintError in the user's words.
  const fitted =
    config.constraints && config.constraints.length > 0
      ? fitConstraintPlan(config.constraints, raw, schema, codec, table)
      : null;
  const plan = fitted?.plan ?? null;
  const trainingTable = plan ? transformForTraining(plan, table) : table;
  const base = { codec, table, trainingTable, plan, checks: fitted?.checks ?? [] };
  if (TABLE_MODELS.includes(config.model)) {
    return { ...base, transformer: null, encoded: null, fitSeconds: (now() - started) / 1000 };
  }
  const transformer = fitTransformer(trainingTable, rng.fork());
  const layout = buildLayout(outputSpans(transformer));
  const matrix = encodeTable(transformer, trainingTable, rng.fork());
  const encoded: EncodedTable = { rows: trainingTable.rows, layout, matrix };
  return { ...base, transformer, encoded, fitSeconds: (now() - started) / 1000 };
}

function createNeural(
  kind: 'ctgan' | 'tvae',
  config: SynthesisConfig,
  transformer: TransformerState,
  data?: EncodedTable,
  state?: ModelState,
): NeuralModel {
  const layout = buildLayout(outputSpans(transformer));
  const seed = new Rng(config.seed ^ 0x5eed).seed();
  const common = { layout, seed, ...(data ? { data } : {}), ...(state ? { state } : {}) };
  return kind === 'ctgan'
    ? createCtgan({ ...common, ...(config.ctgan ? { config: config.ctgan } : {}) })
    : createTvae({ ...common, ...(config.tvae ? { config: config.tvae } : {}) });
}

/** What a trained synthesis samples with: exactly one of these. */
interface Engines {
  neural?: NeuralModel;
  copula?: CopulaState;
  argn?: ArgnModel;
  cart?: CartModel;
}

/** The single report of a model that fits in one go (copula, trees). */
function oneShotReport(
  rows: number,
  elapsed: number,
  peek: PipelineReport['peek'],
): PipelineReport {
  return {
    epoch: 1,
    epochs: 1,
    step: 1,
    stepsPerEpoch: 1,
    totalSteps: 1,
    losses: null,
    epochEnd: true,
    rowsPerSecond: elapsed > 0 ? rows / elapsed : 0,
    elapsed,
    secondsLeft: 0,
    lastEpochSeconds: elapsed,
    tensors: null,
    ...(peek ? { peek } : {}),
  };
}

/** A trained (or loaded) synthesizer that can sample rows and be saved. */
export class Synthesis {
  private constructor(
    readonly config: SynthesisConfig,
    readonly codec: CodecState,
    readonly transformer: TransformerState | null,
    private readonly engines: Engines,
    /** The constraints the model was trained under; null without constraints. */
    readonly plan: ConstraintPlan | null,
  ) {}

  /**
   * Trains on prepared data, yielding the loop's step reports (one report for the copula and
   * the trees, which fit in one go), and returns the trained synthesis.
   */
  static async *train(
    prepared: Prepared,
    config: SynthesisConfig,
    options: TrainOptions = {},
  ): AsyncGenerator<PipelineReport, Synthesis, undefined> {
    const resumed = resumeState(config, options.resume);
    const loopOptions = {
      epochs: config.epochs,
      countTensors,
      countBytes: backendBytes,
      ...(options.resume ? { startEpoch: options.resume.epoch + 1 } : {}),
      ...(config.maxSeconds !== undefined ? { maxSeconds: config.maxSeconds } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.lossEvery ? { lossEvery: options.lossEvery } : {}),
    };
    if (config.model === 'copula' || config.model === 'cart') {
      const started = now();
      const rng = new Rng(config.seed).fork();
      const engines: Engines =
        config.model === 'copula'
          ? { copula: fitCopula(prepared.trainingTable, rng) }
          : { cart: fitSequentialTrees(prepared.trainingTable, config.cart ?? {}, rng) };
      const synthesis = new Synthesis(config, prepared.codec, null, engines, prepared.plan);
      const peek = (rows: number, seed: number) => synthesis.sampleTable(rows, seed);
      yield oneShotReport(prepared.table.rows, (now() - started) / 1000, peek);
      return synthesis;
    }
    if (config.model === 'argn') {
      const argn = createArgn({
        table: prepared.trainingTable,
        seed: new Rng(config.seed ^ 0x5eed).seed(),
        ...(config.argn ? { config: config.argn } : {}),
        ...(resumed ? { state: resumed } : {}),
      });
      options.onModel?.(argn);
      const peek = async (rows: number, seed: number) =>
        realTable(prepared.plan, await argn.sampleTable(rows, seed));
      // a run that throws, or that its consumer leaves (return()), frees its model
      let trained = false;
      try {
        for await (const report of trainLoop(argn, loopOptions)) {
          yield report.epochEnd
            ? { ...report, peek, checkpoint: checkpointOf(argn, report) }
            : report;
        }
        trained = true;
      } finally {
        if (!trained) argn.dispose();
      }
      return new Synthesis(config, prepared.codec, null, { argn }, prepared.plan);
    }
    if (!prepared.transformer || !prepared.encoded)
      throw new Error('prepare() did not encode the table');
    const model = createNeural(
      config.model,
      config,
      prepared.transformer,
      prepared.encoded,
      resumed,
    );
    options.onModel?.(model);
    const transformer = prepared.transformer;
    const peek = async (rows: number, seed: number): Promise<ModelTable> =>
      realTable(prepared.plan, decodeMatrix(transformer, await model.sample(rows, seed), rows));
    let trained = false;
    try {
      for await (const report of trainLoop(model, loopOptions)) {
        yield report.epochEnd
          ? { ...report, peek, checkpoint: checkpointOf(model, report) }
          : report;
      }
      trained = true;
    } finally {
      if (!trained) model.dispose();
    }
    const engines = { neural: model };
    return new Synthesis(config, prepared.codec, prepared.transformer, engines, prepared.plan);
  }

  /**
   * The model a checkpoint holds, rebuilt for sampling and saving (not for training) on the
   * data it was prepared with: what a run that failed later keeps.
   */
  static fromCheckpoint(prepared: Prepared, config: SynthesisConfig, cp: Checkpoint): Synthesis {
    return Synthesis.fromFile({
      format: 'facsimile-model',
      version: 1,
      kind: config.model,
      createdAt: cp.savedAt,
      config,
      codec: prepared.codec,
      transformer: prepared.transformer,
      neural: resumeState(config, cp) ?? null,
      copula: null,
      plan: prepared.plan,
    });
  }

  /** Restores a saved model for sampling (no data needed). */
  static fromFile(file: ModelFile): Synthesis {
    if (file.format !== 'facsimile-model' || file.version !== 1) {
      throw new Error('This is not a Facsimile model file, or it was made by a newer version.');
    }
    const plan = file.plan ?? null;
    if (file.kind === 'copula') {
      if (!file.copula) throw new Error('The model file has no copula in it.');
      return new Synthesis(file.config, file.codec, null, { copula: file.copula }, plan);
    }
    if (file.kind === 'cart') {
      throw new Error('A tree model cannot be loaded from a file: it is never saved.');
    }
    if (file.kind === 'argn') {
      if (!file.neural) throw new Error('The model file has no weights in it.');
      const argn = createArgn({ state: file.neural, seed: file.config.seed });
      return new Synthesis(file.config, file.codec, null, { argn }, plan);
    }
    if (!file.transformer || !file.neural) throw new Error('The model file has no weights in it.');
    const model = createNeural(file.kind, file.config, file.transformer, undefined, file.neural);
    return new Synthesis(file.config, file.codec, file.transformer, { neural: model }, plan);
  }

  get kind(): ModelKind {
    return this.config.model;
  }

  /**
   * `rows` synthetic rows in model form, the real table's columns (the constraints' rewrites
   * undone; the rows are not checked against them: `sampleRows` does that). `options`
   * (temperature, column order, fixed cells of the model's own columns) apply to ARGN; the
   * other models refuse fixed cells rather than ignore them.
   */
  async sampleTable(rows: number, seed: number, options: SampleOptions = {}): Promise<ModelTable> {
    return realTable(this.plan, await this.drawModelForm(rows, seed, options));
  }

  /** Rows in the form the model learned (the constraints' rewrites applied). */
  private async drawModelForm(
    rows: number,
    seed: number,
    options: SampleOptions = {},
  ): Promise<ModelTable> {
    const { copula, cart, argn, neural } = this.engines;
    if (argn) return argn.sampleTable(rows, seed, options);
    if (options.conditions && Object.keys(options.conditions).length > 0)
      throw new Error(
        'Only the ARGN model can fix cells while it samples: give conditions to sampleRows.',
      );
    if (copula) return sampleCopula(copula, rows, new Rng(seed));
    if (cart) return sampleSequentialTrees(cart, rows, new Rng(seed));
    if (!neural || !this.transformer) throw new Error('Nothing to sample from.');
    const matrix = await neural.sample(rows, seed);
    return decodeMatrix(this.transformer, matrix, rows);
  }

  /**
   * `rows` synthetic rows as strings, in the input's column order and formats. Without
   * constraints and conditions this is one plain draw. Otherwise every row keeps every
   * constraint and condition: reject sampling, with conditions met natively where the model
   * can (ARGN fixes the cells, CTGAN fixes its conditional vector on the rarest discrete
   * condition); a condition too rare to meet within `sampling.limits` comes back `partial`
   * with a message.
   *
   * @throws Error (a ConstraintError, in the user's words) before sampling when a condition
   *   names an unknown column or a value the training rows never held.
   */
  async sampleRows(
    rows: number,
    seed: number,
    options: CodecOptions = { textMode: 'placeholder', allowOutOfRange: false },
    sampling: RowSampling = {},
  ): Promise<SampledRows> {
    const conditions = sampling.conditions ?? [];
    const extra = sampling.constraints ?? [];
    const base: SampleOptions =
      sampling.temperature !== undefined ? { temperature: sampling.temperature } : {};
    if (!this.plan && conditions.length === 0 && extra.length === 0) {
      const table = await this.sampleTable(rows, seed, base);
      const out = fromModelTable(this.codec, table, new Rng(seed ^ WRITE_SEED_MIX), options);
      return { ...out, partial: false, message: null, drawn: rows };
    }
    const plan = extra.length > 0 ? extendPlan(this.plan, extra, this.codec) : this.plan;
    return sampleRowsUnderRules({
      codec: this.codec,
      plan,
      conditions,
      draw: this.conditionalDraw(conditions, plan, base),
      rows,
      seed,
      codecOptions: options,
      ...(sampling.limits ? { limits: sampling.limits } : {}),
    });
  }

  /**
   * How to draw rows (model form) under conditions: ARGN fixes the cells of columns no
   * rewrite touches; CTGAN fixes its conditional vector on the rarest discrete condition it can
   * (Xu et al.'s conditional generation); the rest draw plainly. Every row is checked after.
   */
  private conditionalDraw(
    conditions: readonly Condition[],
    plan: ConstraintPlan | null,
    base: SampleOptions,
  ): (n: number, seed: number) => Promise<ModelTable> {
    const { argn, neural } = this.engines;
    const transformer = this.transformer;
    if (argn && conditions.length > 0) {
      const columns = plan?.columns ?? columnsOfCodec(this.codec);
      const cells = fixedCells(conditions, columns, plan?.transforms);
      return (n, seed) => argn.sampleTable(n, seed, { ...base, conditions: cells });
    }
    if (neural instanceof CtganModel && transformer && conditions.length > 0) {
      const levels = new Map<string, (string | null)[]>(
        transformer.columns.flatMap((c) => (c.type === 'discrete' ? [[c.name, c.levels]] : [])),
      );
      const native = conditionalVectorChoice(conditions, levels, neural.sampler, plan?.transforms);
      if (native)
        return async (n, seed) =>
          decodeMatrix(
            transformer,
            await neural.sampleWhere(n, seed, native.span, native.levels),
            n,
          );
    }
    return (n, seed) => this.drawModelForm(n, seed, base);
  }

  /** The fitted model's own anatomy (ARGN's tokens and widths, the trees); null for others. */
  fittedAnatomy(): FittedAnatomy | null {
    const { argn, cart } = this.engines;
    if (argn && isArgnNet(argn)) return argnAnatomy(argn, codecLabel(this.codec));
    if (cart) return cartAnatomy(cart);
    return null;
  }

  /**
   * One synthetic row written step by step, in model form (the columns the model learned):
   * the same draws as `sampleTable(1, seed)`, so the same seed gives the same row.
   *
   * @throws Error for the models that write a row in one go (CTGAN, TVAE, copula).
   */
  async explainRow(seed: number): Promise<RowExplanation> {
    const { argn, cart } = this.engines;
    const steps =
      argn && isArgnNet(argn)
        ? await explainArgnRow(argn, seed, codecLabel(this.codec))
        : cart
          ? explainCartRow(cart, seed, codecLabel(this.codec))
          : null;
    if (!steps) throw new Error('Only ARGN and the tree model write a row one column at a time.');
    // the same draws again, written as `sampleRows` writes a plain draw
    const table = await this.sampleTable(1, seed);
    const options: CodecOptions = { textMode: 'placeholder', allowOutOfRange: false };
    const out = fromModelTable(this.codec, table, new Rng(seed ^ WRITE_SEED_MIX), options);
    return { ...steps, written: { names: out.names, row: out.rows[0] ?? [] } };
  }

  /** The model file, or throws for the trees, which keep training rows and are never saved. */
  async toFile(): Promise<ModelFile> {
    const { copula, cart, argn, neural } = this.engines;
    if (cart)
      throw new Error(
        'The tree model keeps training rows to draw values from, so it cannot be saved to a model file. Generate the rows you need instead.',
      );
    const state = argn ? await argn.save() : neural ? await neural.save() : null;
    return {
      format: 'facsimile-model',
      version: 1,
      kind: this.config.model,
      createdAt: new Date().toISOString(),
      config: this.config,
      codec: this.codec,
      transformer: this.transformer,
      neural: state,
      copula: copula ?? null,
      plan: this.plan,
    };
  }

  dispose(): void {
    this.engines.neural?.dispose();
    this.engines.argn?.dispose();
  }
}
