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
import { countTensors } from './models/backend';
import { fitCopula, sampleCopula, type CopulaState } from './models/copula';
import { createCtgan, type CtganConfig } from './models/ctgan';
import type { EncodedTable, ModelState, NeuralModel } from './models/synthesizer';
import {
  fitSequentialTrees,
  sampleSequentialTrees,
  type CartConfig,
  type CartModel,
} from './models/sequential-trees';
import { createTvae, type TvaeConfig } from './models/tvae';
import { Rng } from './rng';
import { trainLoop, type TrainReport } from './train/train-loop';
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
  ctgan?: Partial<CtganConfig>;
  tvae?: Partial<TvaeConfig>;
  argn?: Partial<ArgnConfig>;
  cart?: Partial<CartConfig>;
}

/** How to draw rows; only ARGN reads these (temperature, order, conditions). */
export type SampleOptions = ArgnSampleOptions;

/** The data made ready for a model, with what it cost. */
export interface Prepared {
  codec: CodecState;
  table: ModelTable;
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
}

/**
 * A training report as the pipeline yields it. At an epoch end it may carry `peek`, which
 * samples rows in model form from the model as it is now (for live charts and live quality);
 * call it before asking for the next report.
 */
export interface PipelineReport extends TrainReport {
  peek?: (rows: number, seed: number) => Promise<ModelTable>;
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
  if (TABLE_MODELS.includes(config.model)) {
    return { codec, table, transformer: null, encoded: null, fitSeconds: (now() - started) / 1000 };
  }
  const transformer = fitTransformer(table, rng.fork());
  const layout = buildLayout(outputSpans(transformer));
  const matrix = encodeTable(transformer, table, rng.fork());
  const encoded: EncodedTable = { rows: table.rows, layout, matrix };
  return { codec, table, transformer, encoded, fitSeconds: (now() - started) / 1000 };
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
  ) {}

  /**
   * Trains on prepared data, yielding the loop's step reports (one report for the copula and
   * the trees, which fit in one go), and returns the trained synthesis.
   */
  static async *train(
    prepared: Prepared,
    config: SynthesisConfig,
    options: { signal?: AbortSignal; lossEvery?: number } = {},
  ): AsyncGenerator<PipelineReport, Synthesis, undefined> {
    const loopOptions = {
      epochs: config.epochs,
      countTensors,
      ...(config.maxSeconds !== undefined ? { maxSeconds: config.maxSeconds } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.lossEvery ? { lossEvery: options.lossEvery } : {}),
    };
    if (config.model === 'copula' || config.model === 'cart') {
      const started = now();
      const rng = new Rng(config.seed).fork();
      const engines: Engines =
        config.model === 'copula'
          ? { copula: fitCopula(prepared.table, rng) }
          : { cart: fitSequentialTrees(prepared.table, config.cart ?? {}, rng) };
      const synthesis = new Synthesis(config, prepared.codec, null, engines);
      const peek = (rows: number, seed: number) => synthesis.sampleTable(rows, seed);
      yield oneShotReport(prepared.table.rows, (now() - started) / 1000, peek);
      return synthesis;
    }
    if (config.model === 'argn') {
      const argn = createArgn({
        table: prepared.table,
        seed: new Rng(config.seed ^ 0x5eed).seed(),
        ...(config.argn ? { config: config.argn } : {}),
      });
      const peek = (rows: number, seed: number) => argn.sampleTable(rows, seed);
      try {
        for await (const report of trainLoop(argn, loopOptions)) {
          yield report.epochEnd ? { ...report, peek } : report;
        }
      } catch (e) {
        argn.dispose();
        throw e;
      }
      return new Synthesis(config, prepared.codec, null, { argn });
    }
    if (!prepared.transformer || !prepared.encoded)
      throw new Error('prepare() did not encode the table');
    const model = createNeural(config.model, config, prepared.transformer, prepared.encoded);
    const transformer = prepared.transformer;
    const peek = async (rows: number, seed: number): Promise<ModelTable> =>
      decodeMatrix(transformer, await model.sample(rows, seed), rows);
    try {
      for await (const report of trainLoop(model, loopOptions)) {
        yield report.epochEnd ? { ...report, peek } : report;
      }
    } catch (e) {
      model.dispose();
      throw e;
    }
    return new Synthesis(config, prepared.codec, prepared.transformer, { neural: model });
  }

  /** Restores a saved model for sampling (no data needed). */
  static fromFile(file: ModelFile): Synthesis {
    if (file.format !== 'facsimile-model' || file.version !== 1) {
      throw new Error('This is not a Facsimile model file, or it was made by a newer version.');
    }
    if (file.kind === 'copula') {
      if (!file.copula) throw new Error('The model file has no copula in it.');
      return new Synthesis(file.config, file.codec, null, { copula: file.copula });
    }
    if (file.kind === 'cart') {
      throw new Error('A tree model cannot be loaded from a file: it is never saved.');
    }
    if (file.kind === 'argn') {
      if (!file.neural) throw new Error('The model file has no weights in it.');
      const argn = createArgn({ state: file.neural, seed: file.config.seed });
      return new Synthesis(file.config, file.codec, null, { argn });
    }
    if (!file.transformer || !file.neural) throw new Error('The model file has no weights in it.');
    const model = createNeural(file.kind, file.config, file.transformer, undefined, file.neural);
    return new Synthesis(file.config, file.codec, file.transformer, { neural: model });
  }

  get kind(): ModelKind {
    return this.config.model;
  }

  /**
   * `rows` synthetic rows in model form. `options` (temperature, column order, conditions)
   * apply to ARGN; the other models refuse conditions rather than ignore them.
   */
  async sampleTable(rows: number, seed: number, options: SampleOptions = {}): Promise<ModelTable> {
    const { copula, cart, argn, neural } = this.engines;
    if (argn) return argn.sampleTable(rows, seed, options);
    if (options.conditions && Object.keys(options.conditions).length > 0)
      throw new Error('Only the ARGN model can generate rows that meet conditions.');
    if (copula) return sampleCopula(copula, rows, new Rng(seed));
    if (cart) return sampleSequentialTrees(cart, rows, new Rng(seed));
    if (!neural || !this.transformer) throw new Error('Nothing to sample from.');
    const matrix = await neural.sample(rows, seed);
    return decodeMatrix(this.transformer, matrix, rows);
  }

  /** `rows` synthetic rows as strings, in the input's column order and formats. */
  async sampleRows(
    rows: number,
    seed: number,
    options: CodecOptions = { textMode: 'placeholder', allowOutOfRange: false },
    sampling: SampleOptions = {},
  ): Promise<{ names: string[]; rows: string[][] }> {
    const table = await this.sampleTable(rows, seed, sampling);
    return fromModelTable(this.codec, table, new Rng(seed ^ 0x9e3779b9), options);
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
    };
  }

  dispose(): void {
    this.engines.neural?.dispose();
    this.engines.argn?.dispose();
  }
}
