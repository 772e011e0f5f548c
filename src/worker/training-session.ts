/**
 * Training, generation and model files inside the engine worker. Owns the tfjs backend and the
 * trained synthesis; reports to the page through `post`.
 */
import { writeCsv } from '../core/data/csv-writer';
import { uniqueAcrossChunks } from '../core/rules/constraint-plan';
import { estimateTrainingMemory, memoryBudget, memoryRefusal } from '../core/data/memory-estimate';
import {
  EVAL_ROWS,
  evaluateGenerated,
  splitForRun,
  type EvaluationInput,
} from './evaluation-session';
import {
  abandonWebgl,
  backendBytes,
  countTensors,
  initBackend,
  loseWebglContext,
  type BackendChoice,
} from '../core/models/backend';
import { parseModel, serializeModel } from '../core/io/model-file';
import { modelEntry } from '../core/models/registry';
import { measuredBackend } from './backend-trial';
import {
  prepare,
  Synthesis,
  type PipelineReport,
  type Prepared,
  type SynthesisConfig,
} from '../core/pipeline';
import { BestEpoch } from '../core/train/best-epoch';
import { NonFiniteLoss, TrainingStopped } from '../core/train/train-loop';
import type { Checkpoint } from '../core/train/checkpoint';
import {
  ContextLost,
  saferLearningRate,
  watchContextLoss,
  type ContextWatch,
} from './training-faults';
import type { DatasetSession } from './dataset-session';
import { FINAL_ROWS, LiveMonitor, PEEK_ROWS } from './live-monitor';
import { modelAnatomy } from './model-anatomy';
import { answerExplain } from './explain-row';
import type { TrainReport } from '../core/train/train-loop';
import type {
  BackendName,
  EngineResponse,
  EpochLine,
  GenerateOptions,
  LossPoint,
  ModelSummary,
  QualityHeadline,
  TrainFault,
} from './protocol';

/** Progress messages per second while training (charts need no more). */
const REPORTS_PER_SECOND = 5;
const GENERATE_CHUNK = 10_000;
const PREVIEW_ROWS = 100;
/** Longest stretch of training before the worker reads its messages. */
const YIELD_EVERY_MS = 50;
/** Live snapshots in a whole run, at most (plus the first and the last epoch). */
const SNAPSHOTS_PER_RUN = 30;
/** Least time between two live snapshots, but for the last epoch. */
const SNAPSHOT_GAP_MS = 700;
/** Least time between two checkpoints (the first epoch always takes one). */
export const CHECKPOINT_GAP_MS = 5000;
/** A live column-shapes score must beat the best by this much to count as a gain (its noise on 500 rows). */
const BEST_MARGIN = 0.005;
/**
 * And at least this many times what the last one cost, so reading weights back stays under
 * about 5% of training (a default CTGAN on adult holds 3.1 million numbers, about 0.8 s on cpu).
 */
const CHECKPOINT_COST_FACTOR = 20;

/** Resolves on a later task, after pending messages have been handled. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Step reports gathered into at most REPORTS_PER_SECOND messages: the page re-renders a few
 * times a second whatever the step rate, and still gets every loss point and epoch line.
 */
class ProgressBatch {
  private losses: LossPoint[] = [];
  private epochs: EpochLine[] = [];
  private last: TrainReport | null = null;
  private lastPost = 0;

  constructor(
    private readonly runId: number,
    private readonly post: (m: EngineResponse) => void,
  ) {}

  add(report: PipelineReport): void {
    // peek and checkpoint are functions: they cannot cross to the page
    const { peek: _peek, checkpoint: _checkpoint, ...r } = report;
    this.last = r;
    // ARGN's held-out loss arrives at epoch ends; it is charted beside the training loss
    const validation =
      typeof r.validationLoss === 'number' ? { validation: r.validationLoss } : null;
    if (r.losses || validation) {
      this.losses.push({ step: r.totalSteps, values: { ...r.losses, ...validation } });
    }
    if (r.epochEnd && r.lastEpochSeconds !== null) {
      this.epochs.push({
        epoch: r.epoch,
        seconds: r.lastEpochSeconds,
        tensors: r.tensors,
        bytes: r.bytes ?? null,
      });
    }
    if (performance.now() - this.lastPost > 1000 / REPORTS_PER_SECOND) this.flush();
  }

  flush(): void {
    if (!this.last) return;
    this.post({
      type: 'train-progress',
      runId: this.runId,
      report: this.last,
      losses: this.losses,
      epochs: this.epochs,
    });
    this.losses = [];
    this.epochs = [];
    this.last = null;
    this.lastPost = performance.now();
  }
}

export class TrainingSession {
  private synthesis: Synthesis | null = null;
  private summary: ModelSummary | null = null;
  /** What evaluation needs from the run: the table, schema and the training / holdout rows. */
  private evaluation: Omit<EvaluationInput, 'names' | 'rows' | 'target' | 'seed'> | null = null;
  /** The first EVAL_ROWS rows of the last generation, as written (for evaluation). */
  private lastGenerated: { names: string[]; rows: string[][] } | null = null;
  private backend: BackendChoice | null = null;
  private controller: AbortController | null = null;
  private resume: (() => void) | null = null;
  private pausedUntil: Promise<void> | null = null;
  /** The run's latest checkpoint (plain data, so it outlives the backend that made it). */
  lastCheckpoint: Checkpoint | null = null;
  /** With `config.keepBest`: the scores so far, and the best epoch's checkpoint. */
  private best: { tracker: BestEpoch; cp: Checkpoint | null } | null = null;
  /** Called after each checkpoint is taken (the run store keeps it for a reload). */
  onCheckpoint?: (cp: Checkpoint) => void | Promise<void>;
  /** WebGL lost its context in this worker: it is never chosen again here. */
  private webglLost = false;
  /** Milliseconds the last checkpoint took to read and hand on. */
  private checkpointCost = 0;
  /** When the last checkpoint was taken (performance.now()). */
  private checkpointAt = -Infinity;

  constructor(
    private readonly post: (m: EngineResponse) => void,
    private readonly wasmPath: string,
  ) {}

  get busy(): boolean {
    return this.controller !== null;
  }

  private async ensureBackend(runId: number, asked: BackendName[]): Promise<void> {
    const order = this.webglLost ? asked.filter((b) => b !== 'webgl') : asked;
    if (order.length === 0) order.push('wasm', 'cpu');
    if (!this.backend || this.backend.name !== order[0]) {
      this.backend = await initBackend(order, { wasmPath: this.wasmPath });
      if (this.webglLost && asked[0] === 'webgl')
        this.backend = {
          ...this.backend,
          reason: `WebGL was lost earlier in this tab; ${this.backend.reason}`,
        };
    }
    this.postBackend(runId);
  }

  private postBackend(runId: number): void {
    if (!this.backend) return;
    const { name, reason, threads } = this.backend;
    this.post({ type: 'backend', runId, name, reason, ...(threads ? { threads } : {}) });
  }

  async train(
    runId: number,
    data: DatasetSession,
    config: SynthesisConfig,
    backends: BackendName[],
    holdoutShare: number,
    resume?: Checkpoint,
    measure = false,
  ): Promise<void> {
    // Automatic compute starts its backend once the table is prepared (it times real steps).
    if (!measure) await this.ensureBackend(runId, backends);
    this.synthesis?.dispose();
    this.synthesis = null;
    this.lastCheckpoint = resume ?? null;
    this.checkpointAt = -Infinity;
    this.best = config.keepBest
      ? {
          tracker: new BestEpoch({ patience: config.keepBest.patience, margin: BEST_MARGIN }),
          cp: null,
        }
      : null;
    this.evaluation = null;
    this.lastGenerated = null;
    const controller = new AbortController();
    this.controller = controller;
    try {
      const split = splitForRun(data.table.rowCount, holdoutShare, config.seed, config.trainRows);
      const schema = data.currentSchema();
      const refusal = memoryRefusal(
        schema,
        estimateTrainingMemory(schema, split.train.length, config.model),
        memoryBudget(deviceMemoryGb()),
      );
      if (refusal) {
        this.post({ type: 'error', runId, code: 'too-large', message: refusal.message });
        return;
      }
      const prepared = prepare(data.table, schema, config, split.train);
      if (measure) {
        const order = this.webglLost ? backends.filter((b) => b !== 'webgl') : backends;
        const entry = modelEntry(config.model);
        this.backend = await measuredBackend(
          prepared,
          config,
          order.length > 0 ? order : ['wasm', 'cpu'],
          entry.trainsInEpochs,
          this.wasmPath,
        );
        this.postBackend(runId);
      }
      this.evaluation = {
        raw: data.table,
        schema,
        trainRows: split.train,
        holdoutRows: split.holdout.length > 0 ? split.holdout : null,
        settings: { ...config, holdoutShare },
      };
      const monitor = new LiveMonitor(prepared.table, prepared.codec);
      this.post({
        type: 'train-start',
        runId,
        start: { anatomy: modelAnatomy(prepared, config), realPairs: monitor.realPairs },
      });
      let last: TrainReport | null;
      let keptEpoch: number | undefined;
      try {
        last = await this.run(runId, prepared, config, monitor, controller.signal, resume);
      } catch (e) {
        if (!(e instanceof NonFiniteLoss)) throw e;
        keptEpoch = await this.keepCheckpoint(runId, e, prepared, config);
        last = null;
      }
      const best =
        config.keepBest && keptEpoch === undefined
          ? await this.keepBestModel(prepared, config)
          : undefined;
      const synthesis = this.synthesis as Synthesis | null;
      this.summary = {
        kind: config.model,
        config,
        columns: data.table.names,
        trainRows: prepared.table.rows,
        holdoutRows: split.holdout.length,
        fitSeconds: prepared.fitSeconds,
        trainSeconds: last?.elapsed ?? 0,
        rowsPerSecond: last?.rowsPerSecond ?? null,
        quality: synthesis ? await finalQuality(synthesis, monitor, config.seed) : null,
        ...(keptEpoch !== undefined ? { keptEpoch } : {}),
        ...(best ? { best } : {}),
      };
      this.post({ type: 'trained', runId, model: this.summary });
    } catch (e) {
      if (e instanceof TrainingStopped) {
        this.post({ type: 'error', runId, code: 'cancelled', message: 'Training was stopped.' });
      } else {
        const message = e instanceof Error ? e.message : String(e);
        this.post({
          type: 'error',
          runId,
          code: 'training-failed',
          message: `Training failed: ${message}`,
        });
      }
    } finally {
      this.controller = null;
      this.resume?.();
      this.pausedUntil = null;
      this.resume = null;
    }
  }

  /**
   * After a NaN or infinite loss: tells the page, and keeps the last checkpoint's model (for
   * sampling and saving) as the run's result. Returns the kept epoch, or throws when the run
   * failed before its first checkpoint.
   */
  private async keepCheckpoint(
    runId: number,
    e: NonFiniteLoss,
    prepared: Prepared,
    config: SynthesisConfig,
  ): Promise<number> {
    const cp = this.lastCheckpoint;
    const fault: TrainFault = {
      kind: 'non-finite',
      epoch: e.epoch,
      step: e.step,
      loss: e.loss,
      keptEpoch: cp?.epoch ?? null,
      suggestion: { learningRate: saferLearningRate(config) },
    };
    this.post({ type: 'train-fault', runId, fault });
    if (!cp)
      throw new Error(
        `the losses stopped being numbers at epoch ${e.epoch}, before any checkpoint: the model learned too fast. Train again with a lower learning rate.`,
      );
    this.synthesis = await Synthesis.fromCheckpoint(prepared, config, cp);
    return cp.epoch;
  }

  /**
   * Trains to the end, from `resume` when given. When the WebGL context is lost, goes on on
   * wasm (cpu if wasm fails) from the last checkpoint. Returns the last report.
   */
  private async run(
    runId: number,
    prepared: Prepared,
    config: SynthesisConfig,
    monitor: LiveMonitor,
    signal: AbortSignal,
    resume?: Checkpoint,
  ): Promise<TrainReport | null> {
    let from = resume;
    for (;;) {
      try {
        return await this.runFrom(runId, prepared, config, monitor, signal, from);
      } catch (e) {
        if (!(e instanceof ContextLost)) throw e;
        from = this.lastCheckpoint ?? undefined;
        await this.leaveWebgl(runId, e.epoch, (from?.epoch ?? 0) + 1);
      }
    }
  }

  /** Switches to wasm (cpu if wasm fails) after a lost context and says so. */
  private async leaveWebgl(runId: number, lostAt: number, nextEpoch: number): Promise<void> {
    this.webglLost = true;
    abandonWebgl();
    const choice = await initBackend(['wasm', 'cpu'], { wasmPath: this.wasmPath });
    const label = choice.name === 'wasm' ? 'WebAssembly' : 'the CPU';
    this.backend = {
      ...choice,
      reason: `WebGL was lost at epoch ${lostAt}; continuing on ${label} from epoch ${nextEpoch}`,
    };
    this.postBackend(runId);
  }

  /**
   * Takes a checkpoint when one is due: at the first epoch, then after CHECKPOINT_GAP_MS and
   * CHECKPOINT_COST_FACTOR times the last one's cost, whichever is longer.
   */
  private async maybeCheckpoint(r: PipelineReport): Promise<void> {
    const first = this.lastCheckpoint === null || r.epoch === 1;
    const gap = Math.max(CHECKPOINT_GAP_MS, CHECKPOINT_COST_FACTOR * this.checkpointCost);
    if (first || performance.now() - this.checkpointAt >= gap) await this.checkpoint(r);
  }

  /**
   * The checkpoint of the report's epoch, taken once: kept as the last one (faults fall back to
   * it, a reload resumes from it) and handed to `onCheckpoint`. Null when the model has none.
   */
  private async checkpoint(r: PipelineReport): Promise<Checkpoint | null> {
    if (this.lastCheckpoint?.epoch === r.epoch) return this.lastCheckpoint;
    if (!r.checkpoint) return null;
    const started = performance.now();
    const cp = await r.checkpoint();
    this.lastCheckpoint = cp;
    try {
      await this.onCheckpoint?.(cp);
    } catch (e) {
      // keeping it for a reload is a convenience: training goes on without it
      console.error('Keeping the checkpoint failed', e);
    }
    this.checkpointAt = performance.now();
    this.checkpointCost = this.checkpointAt - started;
    return cp;
  }

  /** Drives the pipeline's training generator; keeps the result; returns the last report. */
  private async runFrom(
    runId: number,
    prepared: Prepared,
    config: SynthesisConfig,
    monitor: LiveMonitor,
    signal: AbortSignal,
    resume: Checkpoint | undefined,
  ): Promise<TrainReport | null> {
    // A lost context leaves reads waiting for ever: every wait races the loss.
    const watch = watchContextLoss();
    let model: { dispose(): void } | null = null;
    const run = Synthesis.train(prepared, config, {
      signal,
      lossEvery: 10,
      ...(resume ? { resume } : {}),
      onModel: (m) => (model = m),
    });
    try {
      return await this.drive(runId, run, config, monitor, watch);
    } catch (e) {
      if (e instanceof ContextLost) {
        // the pending step never settles: free the model here, leave the generator behind
        const m = model as { dispose(): void } | null;
        try {
          m?.dispose();
        } catch {
          // its textures died with the context
        }
      }
      throw e;
    } finally {
      watch.stop();
    }
  }

  /** The report loop of one training segment. */
  private async drive(
    runId: number,
    run: AsyncGenerator<PipelineReport, Synthesis, undefined>,
    config: SynthesisConfig,
    monitor: LiveMonitor,
    watch: ContextWatch,
  ): Promise<TrainReport | null> {
    const progress = new ProgressBatch(runId, this.post);
    const every = Math.max(1, Math.ceil(config.epochs / SNAPSHOTS_PER_RUN));
    let lastYield = performance.now();
    let lastSnapshot = -Infinity;
    let last: TrainReport | null = null;
    for (;;) {
      // A step on wasm or cpu may finish without a real await; give pause/stop messages a turn.
      if (performance.now() - lastYield > YIELD_EVERY_MS) {
        await nextTask();
        lastYield = performance.now();
      }
      if (this.pausedUntil) await this.pausedUntil;
      const next = await watch.guard(run.next());
      if (next.done) {
        this.synthesis = next.value;
        break;
      }
      const r = next.value;
      last = r;
      watch.epoch = r.epoch;
      progress.add(r);
      if (r.epochEnd) await watch.guard(this.maybeCheckpoint(r));
      const final = r.epoch === r.epochs || r.stoppedEarly === true;
      const due = r.epoch === 1 || final || r.epoch % every === 0;
      if (
        r.peek &&
        r.epochEnd &&
        due &&
        (final || performance.now() - lastSnapshot > SNAPSHOT_GAP_MS)
      ) {
        // flush first, so the page sees the epoch's losses no later than its snapshot
        progress.flush();
        const score = await watch.guard(this.snapshot(runId, r, monitor, config.seed));
        lastSnapshot = performance.now();
        if (config.keepBest && score !== null && (await watch.guard(this.trackBest(r, score)))) {
          // no gain for `patience` scored epochs: end here, with the best epoch's model
          await run.return(undefined as unknown as Synthesis);
          progress.flush();
          return last;
        }
      }
    }
    progress.flush();
    return last;
  }

  private async snapshot(
    runId: number,
    r: PipelineReport,
    monitor: LiveMonitor,
    seed: number,
  ): Promise<number | null> {
    if (!r.peek) return null;
    try {
      const sample = await r.peek(
        Math.min(PEEK_ROWS, Math.max(50, monitor.real.rows)),
        seed + r.epoch,
      );
      const snapshot = monitor.snapshot(r.epoch, r.epochs, sample);
      this.post({ type: 'train-snapshot', runId, snapshot });
      return snapshot.columnShapes;
    } catch (e) {
      // a live chart is a view on training, not part of it: training goes on without this one
      console.error('Live snapshot failed', e);
      return null;
    }
  }

  /**
   * Keeps the best-scoring epoch's checkpoint; returns true when training should stop for lack
   * of gain.
   */
  private async trackBest(r: PipelineReport, score: number): Promise<boolean> {
    const best = this.best;
    if (!best || !r.checkpoint) return false;
    const step = best.tracker.observe(r.epoch, r.epochs, score);
    // a new best is also the run's latest checkpoint: one copy of the state serves both
    if (step === 'new-best') best.cp = await this.checkpoint(r);
    return step === 'stop';
  }

  /**
   * After a run with `keepBest`: swaps in the best epoch's model when training stopped early or
   * the last scored epoch was clearly worse; returns what the page is told.
   */
  private async keepBestModel(
    prepared: Prepared,
    config: SynthesisConfig,
  ): Promise<ModelSummary['best']> {
    const best = this.best;
    this.best = null;
    const outcome = best?.tracker.outcome();
    if (!best || !outcome) return undefined;
    if (outcome.swap && best.cp) {
      this.synthesis?.dispose();
      this.synthesis = await Synthesis.fromCheckpoint(prepared, config, best.cp);
    }
    const { swap: _swap, ...told } = outcome;
    return told;
  }

  /** Test-only, harmless: drops the WebGL context as a GPU reset would; false when not on WebGL. */
  loseContext(): boolean {
    return loseWebglContext();
  }

  pause(): void {
    if (!this.controller || this.pausedUntil) return;
    this.pausedUntil = new Promise((resolve) => {
      this.resume = resolve;
    });
  }

  continue(): void {
    this.resume?.();
    this.pausedUntil = null;
    this.resume = null;
  }

  stop(): void {
    this.controller?.abort();
    this.continue();
  }

  /**
   * Stops any run and drops the model, the run's rows and the generated rows, disposing every
   * tensor; returns what is left on the backend (nothing, when nothing leaks).
   */
  async forget(): Promise<{ tensors: number; bytes: number; model: boolean }> {
    this.stop();
    // a stopped run lets go of its model on its next step
    for (let i = 0; i < 200 && this.busy; i += 1) await new Promise((r) => setTimeout(r, 10));
    this.synthesis?.dispose();
    this.synthesis = null;
    this.summary = null;
    this.evaluation = null;
    this.lastGenerated = null;
    return { tensors: countTensors(), bytes: backendBytes(), model: false };
  }

  async generate(
    runId: number,
    rows: number,
    seed: number,
    options: GenerateOptions,
  ): Promise<void> {
    const synthesis = this.synthesis;
    if (!synthesis) {
      this.post({
        type: 'error',
        runId,
        code: 'no-model',
        message: 'Train or load a model first.',
      });
      return;
    }
    const { conditions = [], neutraliseFormulas, ...codecOptions } = options;
    const started = performance.now();
    const parts: string[] = [];
    let preview: string[][] = [];
    let names: string[] = [];
    let kept: string[][] = [];
    let partial = false;
    let message: string | null = null;
    let done = 0;
    // Each chunk keeps the constraints by itself; uniqueness must also hold between chunks.
    const keepUnique = synthesis.plan ? uniqueAcrossChunks(synthesis.plan, synthesis.codec) : null;
    try {
      for (let chunk = 0; done < rows && !partial; chunk += 1) {
        const n = Math.min(GENERATE_CHUNK, rows - done);
        const drawn = await synthesis.sampleRows(n, seed + chunk, codecOptions, { conditions });
        const fresh = keepUnique ? keepUnique(drawn.names, drawn.rows) : drawn.rows;
        const out = { ...drawn, rows: fresh };
        names = out.names;
        // A condition too rare to meet in time: keep what was found and say so.
        partial = out.partial;
        message = out.message;
        if (out.rows.length === 0 && !partial) {
          partial = true;
          message =
            'No more rows with new values could be found for the columns that must be unique: ' +
            'these are all the rows there are.';
        }
        if (preview.length < PREVIEW_ROWS)
          preview = preview.concat(out.rows.slice(0, PREVIEW_ROWS - preview.length));
        if (kept.length < EVAL_ROWS) kept = kept.concat(out.rows.slice(0, EVAL_ROWS - kept.length));
        const text = writeCsv(out.names, out.rows, { neutraliseFormulas });
        parts.push(done === 0 ? text : text.slice(text.indexOf('\n') + 1));
        done += out.rows.length;
        this.post({ type: 'generate-progress', runId, done, total: rows });
      }
    } catch (e) {
      // Conditions no row can meet (a value the data never holds) are told in the user's words.
      this.post({
        type: 'error',
        runId,
        code: conditions.length > 0 ? 'bad-rules' : 'internal',
        message: e instanceof Error ? e.message : String(e),
      });
      return;
    }
    this.lastGenerated = { names, rows: kept };
    const csv = new Blob(parts, { type: 'text/csv' });
    this.post({
      type: 'generated',
      runId,
      csv,
      preview,
      names,
      rows: done,
      seconds: (performance.now() - started) / 1000,
      partial,
      message,
    });
  }

  /**
   * Scores the last generated rows (or, when none were generated, a fresh sample as large as
   * the training rows, at most EVAL_ROWS) against the run's training and holdout rows.
   */
  async evaluate(runId: number, target: string | null, seed: number): Promise<void> {
    const synthesis = this.synthesis;
    const evaluation = this.evaluation;
    if (!synthesis || !evaluation) {
      this.post({
        type: 'error',
        runId,
        code: 'no-model',
        message:
          'Evaluation compares synthetic rows with the rows the model learned from: train a model on the loaded table first (a loaded model file carries no rows to compare with).',
      });
      return;
    }
    try {
      let generated = this.lastGenerated;
      if (!generated) {
        const n = Math.min(EVAL_ROWS, Math.max(1000, evaluation.trainRows.length));
        this.post({ type: 'evaluate-progress', runId, stage: 'sampling', share: 0 });
        generated = await synthesis.sampleRows(n, seed);
      }
      let lastPost = 0;
      const report = evaluateGenerated({
        ...evaluation,
        names: generated.names,
        rows: generated.rows,
        target,
        seed,
        onProgress: (stage, share) => {
          const now = performance.now();
          if (now - lastPost < 200) return;
          lastPost = now;
          this.post({ type: 'evaluate-progress', runId, stage, share });
        },
      });
      this.post({ type: 'evaluated', runId, report });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.post({
        type: 'error',
        runId,
        code: 'internal',
        message: `Evaluation failed: ${message}`,
      });
    }
  }

  /** The trained model's fitted anatomy, or one row written step by step (How it works). */
  explain(message: Parameters<typeof answerExplain>[1]): Promise<void> {
    return answerExplain(this.synthesis, message, this.post);
  }

  async save(runId: number): Promise<void> {
    if (!this.synthesis) {
      this.post({
        type: 'error',
        runId,
        code: 'no-model',
        message: 'There is no trained model to save yet.',
      });
      return;
    }
    const text = serializeModel(await this.synthesis.toFile());
    const file = new Blob([text], { type: 'application/json' });
    this.post({
      type: 'model-file',
      runId,
      file,
      name: `facsimile-${this.synthesis.kind}.model.json`,
    });
  }

  async load(runId: number, blob: Blob, backends: BackendName[]): Promise<void> {
    try {
      await this.ensureBackend(runId, backends);
      const file = parseModel(await blob.text());
      this.synthesis?.dispose();
      this.synthesis = await Synthesis.fromFile(file);
      this.evaluation = null;
      this.lastGenerated = null;
      this.summary = {
        kind: file.kind,
        config: file.config,
        columns: [],
        trainRows: null,
        fitSeconds: null,
        trainSeconds: null,
        rowsPerSecond: null,
        quality: null,
      };
      this.post({ type: 'trained', runId, model: this.summary });
    } catch (e) {
      this.post({
        type: 'error',
        runId,
        code: 'bad-model',
        message: e instanceof Error ? e.message : String(e),
      });
    }
  }
}

/** Headline quality from a larger sample of the finished model; null if it cannot be scored. */
async function finalQuality(
  synthesis: Synthesis,
  monitor: LiveMonitor,
  seed: number,
): Promise<QualityHeadline | null> {
  try {
    const sample = await synthesis.sampleTable(
      Math.min(FINAL_ROWS, Math.max(200, monitor.real.rows)),
      seed ^ 0x51a7,
    );
    return monitor.headline(sample);
  } catch (e) {
    console.error('Scoring the finished model failed', e);
    return null;
  }
}

/** The device memory the browser reports in GB (Chromium, at most 8), if it says. */
function deviceMemoryGb(): number | undefined {
  const nav = (globalThis as { navigator?: { deviceMemory?: number } }).navigator;
  return typeof nav?.deviceMemory === 'number' ? nav.deviceMemory : undefined;
}
