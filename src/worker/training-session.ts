/**
 * Training, generation and model files inside the engine worker. Owns the tfjs backend and the
 * trained synthesis; reports to the page through `post`.
 */
import { writeCsv } from '../core/data/csv-writer';
import { initBackend, type BackendChoice } from '../core/models/backend';
import { parseModel, serializeModel } from '../core/io/model-file';
import { prepare, Synthesis, type SynthesisConfig } from '../core/pipeline';
import { TrainingStopped } from '../core/train/train-loop';
import type { DatasetSession } from './dataset-session';
import type { TrainReport } from '../core/train/train-loop';
import type {
  BackendName,
  EngineResponse,
  EpochLine,
  GenerateOptions,
  LossPoint,
  ModelSummary,
} from './protocol';

/** Progress messages per second while training (charts need no more). */
const REPORTS_PER_SECOND = 5;
const GENERATE_CHUNK = 10_000;
const PREVIEW_ROWS = 100;
/** Longest stretch of training before the worker reads its messages. */
const YIELD_EVERY_MS = 50;

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

  add(r: TrainReport): void {
    this.last = r;
    if (r.losses) this.losses.push({ step: r.totalSteps, values: r.losses });
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
  ): Promise<void> {
    await this.ensureBackend(runId, backends);
    this.synthesis?.dispose();
    this.synthesis = null;
    const controller = new AbortController();
    this.controller = controller;
    try {
      const prepared = prepare(data.table, data.currentSchema(), config);
      const run = Synthesis.train(prepared, config, { signal: controller.signal, lossEvery: 10 });
      const progress = new ProgressBatch(runId, this.post);
      let lastYield = performance.now();
      let trainSeconds = 0;
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
        trainSeconds = next.value.elapsed;
        progress.add(next.value);
      }
      progress.flush();
      this.summary = {
        kind: config.model,
        config,
        columns: data.table.names,
        trainRows: prepared.table.rows,
        fitSeconds: prepared.fitSeconds,
        trainSeconds,
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
    for (let done = 0, chunk = 0; done < rows; chunk += 1) {
      const n = Math.min(GENERATE_CHUNK, rows - done);
      const out = await synthesis.sampleRows(n, seed + chunk, options);
      names = out.names;
      if (preview.length < PREVIEW_ROWS)
        preview = preview.concat(out.rows.slice(0, PREVIEW_ROWS - preview.length));
      const text = writeCsv(out.names, out.rows);
      parts.push(done === 0 ? text : text.slice(text.indexOf('\n') + 1));
      done += n;
      this.post({ type: 'generate-progress', runId, done, total: rows });
    }
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
      this.summary = {
        kind: file.kind,
        config: file.config,
        columns: [],
        trainRows: null,
        fitSeconds: null,
        trainSeconds: null,
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
