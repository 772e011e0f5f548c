/**
 * The one path from a table to synthetic rows: schema -> codec -> (transformer) -> model ->
 * train -> sample -> inverse. The engine worker and the CLI both call it, so the page and the
 * command line give the same table for the same data, settings and seed. It reads every model
 * through the registry and the one `Synthesizer` contract, and never branches on a model's name.
 */
import { isModelled } from './data/codec-state';
import { codecLabel } from './data/value-label';
import type { ModelTable } from './data/model-table';
import { fromModelTable, type CodecOptions, type CodecState } from './data/table-codec';
import { upgradeModelFile } from './io/model-file';
import { backendBytes, countTensors } from './models/backend';
import type {
  Draw,
  FittedAnatomy,
  ModelFile,
  ModelImplementation,
  ModelKind,
  Prepared,
  RowSteps,
  SampleOptions,
  SynthesisConfig,
  Synthesizer,
} from './models/contract';
import { nothingToLearn, passThrough } from './models/common/pass-through';
import { modelEntry } from './models/registry';
import type { DifferentialPrivacy } from './privacy/budget';
import { Rng } from './rng';
import type { Condition } from './rules/conditions';
import { extendPlan, realTable, type ConstraintPlan } from './rules/constraint-plan';
import { sampleRowsUnderRules, WRITE_SEED_MIX, type SampledRows } from './rules/constrained-rows';
import type { Constraint } from './rules/constraints';
import type { RejectLimits } from './rules/reject-sampler';
import type { Checkpoint } from './train/checkpoint';
import {
  checkpointOf,
  oneShotReport,
  resumeState,
  type PipelineReport,
  type TrainOptions,
} from './train/pipeline-report';
import { trainLoop } from './train/train-loop';

export type {
  FittedAnatomy,
  ModelFile,
  ModelKind,
  Prepared,
  SampleOptions,
  SynthesisConfig,
} from './models/contract';
export type { SampledRows } from './rules/constrained-rows';
export type { PipelineReport, TrainOptions } from './train/pipeline-report';
export { prepare } from './prepare';
export { DpRefusal } from './privacy/budget';
export { DP_MODELS } from './models/registry';
export type { DpSettings } from './models/contract';

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

/**
 * One synthetic row written step by step by a model that writes a column at a time (model
 * form), and the same row as it lands in the output file (`written`: the input's columns and
 * formats).
 */
export type RowExplanation = RowSteps & { written: { names: string[]; row: string[] } };

const now = () => performance.now();

/** The implementation of `kind`, loaded through its registry entry. */
const implementation = <K extends ModelKind>(kind: K): Promise<ModelImplementation<K>> =>
  modelEntry(kind).load();

/** A trained (or loaded) synthesizer that can sample rows and be saved. */
export class Synthesis {
  private constructor(
    readonly config: SynthesisConfig,
    readonly codec: CodecState,
    private readonly model: Synthesizer,
    /** The constraints the model was trained under; null without constraints. */
    readonly plan: ConstraintPlan | null,
  ) {}

  /**
   * Trains on prepared data, yielding the loop's step reports (one report for the models that
   * fit in one go), and returns the trained synthesis.
   */
  static async *train(
    prepared: Prepared,
    config: SynthesisConfig,
    options: TrainOptions = {},
  ): AsyncGenerator<PipelineReport, Synthesis, undefined> {
    const resume = resumeState(config, options.resume);
    const started = now();
    const model = nothingToLearn(prepared.trainingTable)
      ? passThrough(config.model)
      : (await implementation(config.model)).build({
          prepared,
          config,
          ...(resume ? { resume } : {}),
        });
    // a model under differential privacy writes only what its budget paid for
    const codec = model.publicCodec?.(prepared.codec) ?? prepared.codec;
    const synthesis = new Synthesis(config, codec, model, prepared.plan);
    const peek = (rows: number, seed: number) => synthesis.sampleTable(rows, seed);
    const trainable = model.training;
    if (!trainable) {
      yield oneShotReport(prepared.table.rows, (now() - started) / 1000, peek);
      return synthesis;
    }
    options.onModel?.(trainable);
    const loopOptions = {
      epochs: config.epochs,
      countTensors,
      countBytes: backendBytes,
      ...(options.resume ? { startEpoch: options.resume.epoch + 1 } : {}),
      ...(config.maxSeconds !== undefined ? { maxSeconds: config.maxSeconds } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.lossEvery ? { lossEvery: options.lossEvery } : {}),
    };
    // a run that throws, or that its consumer leaves (return()), frees its model
    let trained = false;
    try {
      for await (const report of trainLoop(trainable, loopOptions)) {
        yield report.epochEnd
          ? { ...report, peek, checkpoint: checkpointOf(trainable, report) }
          : report;
      }
      trained = true;
    } finally {
      if (!trained) model.dispose();
    }
    return synthesis;
  }

  /**
   * The model a checkpoint holds, rebuilt for sampling and saving (not for training) on the
   * data it was prepared with: what a run that failed later keeps.
   */
  static async fromCheckpoint(
    prepared: Prepared,
    config: SynthesisConfig,
    cp: Checkpoint,
  ): Promise<Synthesis> {
    const impl = await implementation(config.model);
    const state = resumeState(config, cp);
    if (!impl.fromCheckpoint || !state)
      throw new Error(`${modelEntry(config.model).title} keeps no checkpoints.`);
    const model = impl.fromCheckpoint(prepared, config, state);
    return new Synthesis(config, prepared.codec, model, prepared.plan);
  }

  /** Restores a saved model for sampling (no data needed); reads every file version this app wrote. */
  static async fromFile(saved: ModelFile): Promise<Synthesis> {
    const file = upgradeModelFile(saved);
    const model =
      file.state === null && !file.codec.columns.some(isModelled)
        ? passThrough(file.kind)
        : ((await implementation(file.kind)) as ModelImplementation).restore(file);
    return new Synthesis(file.config, file.codec, model, file.plan ?? null);
  }

  get kind(): ModelKind {
    return this.config.model;
  }

  /** The privacy budget spent, part by part; null: no formal privacy guarantee. */
  get privacy(): DifferentialPrivacy | null {
    return this.model.differentialPrivacy?.() ?? null;
  }

  /**
   * `rows` synthetic rows in model form, the real table's columns (the constraints' rewrites
   * undone; the rows are not checked against them: `sampleRows` does that). `options`
   * (temperature, column order, fixed cells of the model's own columns) apply to ARGN; the
   * other models refuse fixed cells rather than ignore them.
   */
  async sampleTable(rows: number, seed: number, options: SampleOptions = {}): Promise<ModelTable> {
    return realTable(this.plan, await this.model.sample(rows, seed, options));
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
    const native =
      conditions.length > 0 ? this.model.nativeDraw?.(conditions, plan, this.codec, base) : null;
    const draw: Draw = native ?? ((n, s) => this.model.sample(n, s, base));
    return sampleRowsUnderRules({
      codec: this.codec,
      plan,
      conditions,
      draw,
      rows,
      seed,
      codecOptions: options,
      ...(sampling.limits ? { limits: sampling.limits } : {}),
    });
  }

  /** The fitted model's own anatomy (ARGN's tokens and widths, the trees); null for others. */
  fittedAnatomy(): FittedAnatomy | null {
    return this.model.anatomy?.(codecLabel(this.codec)) ?? null;
  }

  /**
   * One synthetic row written step by step, in model form (the columns the model learned):
   * the same draws as `sampleTable(1, seed)`, so the same seed gives the same row.
   *
   * @throws Error for the models that write a row in one go.
   */
  async explainRow(seed: number): Promise<RowExplanation> {
    if (!this.model.explainRow)
      throw new Error('Only ARGN and the tree model write a row one column at a time.');
    const steps = await this.model.explainRow(seed, codecLabel(this.codec));
    // the same draws again, written as `sampleRows` writes a plain draw
    const table = await this.sampleTable(1, seed);
    const options: CodecOptions = { textMode: 'placeholder', allowOutOfRange: false };
    const out = fromModelTable(this.codec, table, new Rng(seed ^ WRITE_SEED_MIX), options);
    return { ...steps, written: { names: out.names, row: out.rows[0] ?? [] } };
  }

  /** The model file, or throws (in the user's words) for a model that is never saved. */
  async toFile(): Promise<ModelFile> {
    const entry = modelEntry(this.config.model);
    if (entry.unsavable !== null) throw new Error(entry.unsavable);
    const state = await this.model.save();
    return {
      format: 'facsimile-model',
      version: 2,
      kind: this.config.model,
      createdAt: new Date().toISOString(),
      config: this.config,
      codec: this.codec,
      plan: this.plan,
      state,
      ...(this.privacy ? { differentialPrivacy: this.privacy } : {}),
    } as ModelFile;
  }

  dispose(): void {
    this.model.dispose();
  }
}
