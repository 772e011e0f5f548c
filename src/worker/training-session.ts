/**
 * Training, generation and model files inside the engine worker. Owns the tfjs backend and the
 * trained synthesis; reports to the page through `post`.
 */
import { writeCsv } from '../core/data/csv-writer';
import {
  EVAL_ROWS,
  evaluateGenerated,
  splitForRun,
  type EvaluationInput,
} from './evaluation-session';
import { initBackend, type BackendChoice } from '../core/models/backend';
import { parseModel, serializeModel } from '../core/io/model-file';
import {
  prepare,
  Synthesis,
  type PipelineReport,
  type Prepared,
  type SynthesisConfig,
} from '../core/pipeline';
import { TrainingStopped } from '../core/train/train-loop';
import type { DatasetSession } from './dataset-session';
import { FINAL_ROWS, LiveMonitor, PEEK_ROWS } from './live-monitor';
import { modelAnatomy } from './model-anatomy';
import type { TrainReport } from '../core/train/train-loop';
import type {
  BackendName,
  EngineResponse,
  EpochLine,
  GenerateOptions,
  LossPoint,
  ModelSummary,
  QualityHeadline,
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
    // peek is a function: it cannot cross to the page
    const { peek: _peek, ...r } = report;
    this.last = r;
    // ARGN's held-out loss arrives at epoch ends; it is charted beside the training loss
    const validation =
      typeof r.validationLoss === 'number' ? { validation: r.validationLoss } : null;
    if (r.losses || validation) {
      this.losses.push({ step: r.totalSteps, values: { ...r.losses, ...validation } });
    }
    if (r.epochEnd && r.lastEpochSeconds !== null) {
      this.epochs.push({ epoch: r.epoch, seconds: r.lastEpochSeconds, tensors: r.tensors });
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

  constructor(
    private readonly post: (m: EngineResponse) => void,
    private readonly wasmPath: string,
  ) {}

  get busy(): boolean {
    return this.controller !== null;
  }

  private async ensureBackend(runId: number, order: BackendName[]): Promise<void> {
    if (!this.backend || this.backend.name !== order[0]) {
      this.backend = await initBackend(order, { wasmPath: this.wasmPath });
    }
    this.post({ type: 'backend', runId, name: this.backend.name, reason: this.backend.reason });
  }

  async train(
    runId: number,
    data: DatasetSession,
    config: SynthesisConfig,
    backends: BackendName[],
    holdoutShare: number,
  ): Promise<void> {
    await this.ensureBackend(runId, backends);
    this.synthesis?.dispose();
    this.synthesis = null;
    this.evaluation = null;
    this.lastGenerated = null;
    const controller = new AbortController();
    this.controller = controller;
    try {
      const split = splitForRun(data.table.rowCount, holdoutShare, config.seed);
      const schema = data.currentSchema();
      const prepared = prepare(data.table, schema, config, split.train);
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
      const last = await this.run(runId, prepared, config, monitor, controller.signal);
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

  /** Drives the pipeline's training generator; keeps the result; returns the last report. */
  private async run(
    runId: number,
    prepared: Prepared,
    config: SynthesisConfig,
    monitor: LiveMonitor,
    signal: AbortSignal,
  ): Promise<TrainReport | null> {
    const run = Synthesis.train(prepared, config, { signal, lossEvery: 10 });
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
      const next = await run.next();
      if (next.done) {
        this.synthesis = next.value;
        break;
      }
      const r = next.value;
      last = r;
      progress.add(r);
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
        await this.snapshot(runId, r, monitor, config.seed);
        lastSnapshot = performance.now();
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
  ): Promise<void> {
    if (!r.peek) return;
    try {
      const sample = await r.peek(
        Math.min(PEEK_ROWS, Math.max(50, monitor.real.rows)),
        seed + r.epoch,
      );
      this.post({
        type: 'train-snapshot',
        runId,
        snapshot: monitor.snapshot(r.epoch, r.epochs, sample),
      });
    } catch (e) {
      // a live chart is a view on training, not part of it: training goes on without this one
      console.error('Live snapshot failed', e);
    }
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
    const started = performance.now();
    const parts: string[] = [];
    let preview: string[][] = [];
    let names: string[] = [];
    let kept: string[][] = [];
    for (let done = 0, chunk = 0; done < rows; chunk += 1) {
      const n = Math.min(GENERATE_CHUNK, rows - done);
      const out = await synthesis.sampleRows(n, seed + chunk, options);
      names = out.names;
      if (preview.length < PREVIEW_ROWS)
        preview = preview.concat(out.rows.slice(0, PREVIEW_ROWS - preview.length));
      if (chunk === 0) kept = [];
      if (kept.length < EVAL_ROWS) kept = kept.concat(out.rows.slice(0, EVAL_ROWS - kept.length));
      const text = writeCsv(out.names, out.rows, {
        neutraliseFormulas: options.neutraliseFormulas,
      });
      parts.push(done === 0 ? text : text.slice(text.indexOf('\n') + 1));
      done += n;
      this.post({ type: 'generate-progress', runId, done, total: rows });
    }
    this.lastGenerated = { names, rows: kept };
    const csv = new Blob(parts, { type: 'text/csv' });
    this.post({
      type: 'generated',
      runId,
      csv,
      preview,
      names,
      rows,
      seconds: (performance.now() - started) / 1000,
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
      this.synthesis = Synthesis.fromFile(file);
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
