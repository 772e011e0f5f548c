/**
 * Training inside the engine worker: one run at a time, from the memory check to the model the
 * page is told about. The jobs around it live in their own modules: the backend
 * (backend-choice), the report loop (run-driver, progress-batch), checkpoints
 * (checkpoint-policy), keep-best (keep-best), faults (fault-recovery) and what is done with
 * the trained model (model-services).
 */
import { estimateTrainingMemory, memoryBudget, memoryRefusal } from '../core/memory-estimate';
import {
  backendBytes,
  countTensors,
  loseWebglContext,
  type BackendChoice,
} from '../core/models/backend';
import { prepare, Synthesis, type Prepared, type SynthesisConfig } from '../core/pipeline';
import type { AttackSettings } from '../core/eval/attacks/privacy-attacks';
import type { Checkpoint } from '../core/train/checkpoint';
import { NonFiniteLoss, TrainingStopped, type TrainReport } from '../core/train/train-loop';
import { BackendKeeper } from './backend-choice';
import { CheckpointPolicy } from './checkpoint-policy';
import type { DatasetSession } from './dataset-session';
import { splitForRun } from './evaluation-session';
import type { EvaluationWorker } from './evaluation-runner';
import {
  disposeAfterLoss,
  divergedBeforeCheckpoint,
  nonFiniteFault,
  surviveContextLoss,
} from './fault-recovery';
import { KeepBest } from './keep-best';
import { FINAL_ROWS, LiveMonitor } from './live-monitor';
import { modelAnatomy } from './model-anatomy';
import { ModelServices } from './model-services';
import { ProgressBatch } from './progress-batch';
import type {
  BackendName,
  EngineResponse,
  GenerateOptions,
  ModelSummary,
  QualityHeadline,
} from './protocol';
import { driveRun, liveSnapshot } from './run-driver';
import { ContextLost, watchContextLoss } from './training-faults';

export { CHECKPOINT_GAP_MS } from './checkpoint-policy';

/** One run's fixed parts, shared by its segments. */
interface RunContext {
  runId: number;
  prepared: Prepared;
  config: SynthesisConfig;
  monitor: LiveMonitor;
  signal: AbortSignal;
  best: KeepBest | null;
}

export class TrainingSession {
  private readonly backends: BackendKeeper;
  private readonly checkpoints = new CheckpointPolicy((cp) => this.onCheckpoint?.(cp));
  /** Generate, evaluate, save, load and explain, on the model this session trained or loaded. */
  readonly model: ModelServices;
  private controller: AbortController | null = null;
  private resume: (() => void) | null = null;
  private pausedUntil: Promise<void> | null = null;
  /** Called after each checkpoint is taken (the run store keeps it for a reload). */
  onCheckpoint?: (cp: Checkpoint) => void | Promise<void>;

  constructor(
    private readonly post: (m: EngineResponse) => void,
    wasmPath: string,
    startEvaluation?: () => EvaluationWorker | null,
  ) {
    this.backends = new BackendKeeper(wasmPath);
    this.model = new ModelServices(post, startEvaluation);
  }

  get busy(): boolean {
    return this.controller !== null;
  }

  /** The run's latest checkpoint (plain data, so it outlives the backend that made it). */
  get lastCheckpoint(): Checkpoint | null {
    return this.checkpoints.last;
  }

  private async ensureBackend(runId: number, asked: BackendName[]): Promise<void> {
    this.postBackend(runId, await this.backends.ensure(asked));
  }

  private postBackend(runId: number, backend: BackendChoice): void {
    const { name, reason, threads } = backend;
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
    this.model.replace(null);
    this.checkpoints.reset(resume);
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
      if (measure) this.postBackend(runId, await this.backends.measure(prepared, config, backends));
      this.model.evaluation = {
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
      // keeping the best epoch scores it on the private rows: never under differential privacy
      const best =
        config.keepBest && !config.privacy ? new KeepBest(config.keepBest.patience) : null;
      const run = { runId, prepared, config, monitor, signal: controller.signal, best };
      const summary = await this.finish(run, data, split.holdout.length, resume);
      this.model.summary = summary;
      this.post({ type: 'trained', runId, model: summary });
    } catch (e) {
      this.failed(runId, e);
    } finally {
      this.controller = null;
      this.continue();
    }
  }

  /** Trains to the end, keeps the model (the last, the best or a checkpoint) and sums it up. */
  private async finish(
    run: RunContext,
    data: DatasetSession,
    holdoutRows: number,
    resume?: Checkpoint,
  ): Promise<ModelSummary> {
    const { prepared, config, monitor } = run;
    let last: TrainReport | null = null;
    let keptEpoch: number | undefined;
    try {
      last = await surviveContextLoss(
        (from) => this.segment(run, from),
        () => this.checkpoints.last,
        (lostAt, nextEpoch) => this.leaveWebgl(run.runId, lostAt, nextEpoch),
        resume,
      );
    } catch (e) {
      if (!(e instanceof NonFiniteLoss)) throw e;
      keptEpoch = await this.keepCheckpoint(run, e);
    }
    const best = run.best && keptEpoch === undefined ? await this.keepBestModel(run) : undefined;
    const synthesis = this.model.synthesis;
    return {
      kind: config.model,
      config,
      columns: data.table.names,
      trainRows: prepared.table.rows,
      holdoutRows,
      fitSeconds: prepared.fitSeconds,
      trainSeconds: last?.elapsed ?? 0,
      rowsPerSecond: last?.rowsPerSecond ?? null,
      quality: synthesis ? await finalQuality(synthesis, monitor, config.seed) : null,
      differentialPrivacy: synthesis?.privacy ?? null,
      ...(keptEpoch !== undefined ? { keptEpoch } : {}),
      ...(best ? { best } : {}),
    };
  }

  private failed(runId: number, e: unknown): void {
    if (e instanceof TrainingStopped) {
      this.post({ type: 'error', runId, code: 'cancelled', message: 'Training was stopped.' });
      return;
    }
    const message = e instanceof Error ? e.message : String(e);
    this.post({
      type: 'error',
      runId,
      code: 'training-failed',
      message: `Training failed: ${message}`,
    });
  }

  /**
   * After a NaN or infinite loss: tells the page, and keeps the last checkpoint's model (for
   * sampling and saving) as the run's result. Returns the kept epoch, or throws when the run
   * failed before its first checkpoint.
   */
  private async keepCheckpoint(run: RunContext, e: NonFiniteLoss): Promise<number> {
    const cp = this.checkpoints.last;
    this.post({ type: 'train-fault', runId: run.runId, fault: nonFiniteFault(e, cp, run.config) });
    if (!cp) throw divergedBeforeCheckpoint(e.epoch);
    this.model.synthesis = await Synthesis.fromCheckpoint(run.prepared, run.config, cp);
    return cp.epoch;
  }

  /** After a run with keep-best: swaps in the best epoch's model when it should. */
  private async keepBestModel(run: RunContext): Promise<ModelSummary['best']> {
    const kept = run.best?.outcome();
    if (!kept) return undefined;
    if (kept.swapTo) {
      this.model.synthesis?.dispose();
      this.model.synthesis = await Synthesis.fromCheckpoint(run.prepared, run.config, kept.swapTo);
    }
    return kept.told;
  }

  /** Switches to wasm (cpu if wasm fails) after a lost context and says so. */
  private async leaveWebgl(runId: number, lostAt: number, nextEpoch: number): Promise<void> {
    this.postBackend(runId, await this.backends.leaveWebgl(lostAt, nextEpoch));
  }

  /** One training segment, from `resume` when given; keeps the result; returns the last report. */
  private async segment(
    run: RunContext,
    resume: Checkpoint | undefined,
  ): Promise<TrainReport | null> {
    const { runId, prepared, config, monitor, best } = run;
    // A lost context leaves reads waiting for ever: every wait races the loss.
    const watch = watchContextLoss();
    let model: { dispose(): void } | null = null;
    const steps = Synthesis.train(prepared, config, {
      signal: run.signal,
      lossEvery: 10,
      ...(resume ? { resume } : {}),
      onModel: (m) => (model = m),
    });
    const checkpoints = this.checkpoints;
    try {
      const { last, result } = await driveRun(
        steps,
        new ProgressBatch(runId, this.post),
        config.epochs,
        {
          paused: () => this.pausedUntil,
          epochEnd: (r) => checkpoints.maybe(r),
          snapshot: (r) => liveSnapshot(runId, r, monitor, config.seed, this.post),
          ...(best
            ? { scored: (r, score) => best.observe(r, score, (c) => checkpoints.take(c)) }
            : {}),
        },
        watch,
      );
      if (result) this.model.synthesis = result;
      return last;
    } catch (e) {
      // the pending step never settles: free the model here, leave the generator behind
      if (e instanceof ContextLost) disposeAfterLoss(model);
      throw e;
    } finally {
      watch.stop();
    }
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
    this.model.forget();
    return { tensors: countTensors(), bytes: backendBytes(), model: false };
  }

  generate(
    runId: number,
    rows: number,
    seed: number,
    options: GenerateOptions,
    signal?: AbortSignal,
  ): Promise<void> {
    return this.model.generate(runId, rows, seed, options, signal);
  }

  evaluate(runId: number, target: string | null, seed: number, signal?: AbortSignal) {
    return this.model.evaluate(runId, target, seed, signal);
  }

  attack(
    runId: number,
    settings: AttackSettings,
    target: string | null,
    seed: number,
    signal?: AbortSignal,
  ) {
    return this.model.attack(runId, settings, target, seed, signal);
  }

  explain(message: Parameters<ModelServices['explain']>[0]): Promise<void> {
    return this.model.explain(message);
  }

  save(runId: number): Promise<void> {
    return this.model.save(runId);
  }

  load(runId: number, blob: Blob, backends: BackendName[]): Promise<void> {
    return this.model.load(runId, blob, backends, (id, asked) => this.ensureBackend(id, asked));
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
