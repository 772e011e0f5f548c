/**
 * What the engine does with a trained (or loaded) model: generate rows, evaluate them against
 * the run's rows, save the model file, load one, and explain it. Holds the model and what
 * evaluation needs from the run that made it.
 */
import { parseModel, serializeModel } from '../core/io/model-file';
import { Synthesis } from '../core/pipeline';
import type { AttackSettings } from '../core/eval/attacks/privacy-attacks';
import { withPrivacyStatement } from '../core/eval/dp-statement';
import { EVAL_ROWS, type EvaluationInput } from './evaluation-session';
import {
  runAttacks,
  runEvaluation,
  type EvaluationJob,
  type EvaluationWorker,
  type RunOptions,
} from './evaluation-runner';
import { answerExplain } from './explain-row';
import { Cancelled, generateRows } from './generation';
import type { BackendName, EngineResponse, GenerateOptions, ModelSummary } from './protocol';

/** What evaluation needs from the run: the table, schema and the training / holdout rows. */
export type RunRows = Omit<EvaluationInput, 'names' | 'rows' | 'target' | 'seed'>;

/** Rows as written, the way evaluation reads them. */
type ScoredRows = { names: string[]; rows: string[][] };

/** Least time between two evaluation progress messages. */
const EVALUATE_PROGRESS_MS = 200;

export class ModelServices {
  synthesis: Synthesis | null = null;
  summary: ModelSummary | null = null;
  /** The run's rows, for evaluation; null for a loaded model. */
  evaluation: RunRows | null = null;
  /** The first EVAL_ROWS rows of the last generation, as written (for evaluation). */
  private lastGenerated: ScoredRows | null = null;
  /** The seeded sample scored when nothing was generated (drawn once per seed). */
  private sampled: { seed: number; rows: ScoredRows } | null = null;

  /**
   * @param startEvaluation starts the worker an evaluation runs in (tests pass their own;
   *   by default a browser worker, or none in Node)
   */
  constructor(
    private readonly post: (m: EngineResponse) => void,
    private readonly startEvaluation?: () => EvaluationWorker | null,
  ) {}

  /** Swaps in a new model (disposing the old one) and drops the rows made by the old one. */
  replace(synthesis: Synthesis | null, evaluation: RunRows | null = null): void {
    if (this.synthesis !== synthesis) this.synthesis?.dispose();
    this.synthesis = synthesis;
    this.evaluation = evaluation;
    this.lastGenerated = null;
    this.sampled = null;
  }

  /** Drops the model, the run's rows and the generated rows, disposing every tensor. */
  forget(): void {
    this.replace(null);
    this.summary = null;
  }

  private noModel(runId: number, message: string): void {
    this.post({ type: 'error', runId, code: 'no-model', message });
  }

  private cancelled(runId: number, e: Cancelled): void {
    this.post({ type: 'cancelled', runId, message: e.message });
  }

  async generate(
    runId: number,
    rows: number,
    seed: number,
    options: GenerateOptions,
    signal?: AbortSignal,
  ): Promise<void> {
    const synthesis = this.synthesis;
    if (!synthesis) return this.noModel(runId, 'Train or load a model first.');
    const started = performance.now();
    try {
      const out = await generateRows(synthesis, rows, seed, options, {
        ...(signal ? { signal } : {}),
        onProgress: (done) => this.post({ type: 'generate-progress', runId, done, total: rows }),
      });
      this.lastGenerated = { names: out.names, rows: out.kept };
      this.post({
        type: 'generated',
        runId,
        csv: new Blob(out.parts, { type: 'text/csv' }),
        preview: out.preview,
        names: out.names,
        rows: out.rows,
        seconds: (performance.now() - started) / 1000,
        partial: out.partial,
        message: out.message,
      });
    } catch (e) {
      if (e instanceof Cancelled) return this.cancelled(runId, e);
      // Conditions no row can meet (a value the data never holds) are told in the user's words.
      this.post({
        type: 'error',
        runId,
        code: (options.conditions ?? []).length > 0 ? 'bad-rules' : 'internal',
        message: e instanceof Error ? e.message : String(e),
      });
    }
  }

  /**
   * The rows evaluate() and the attacks score: the last generated rows or, when none were
   * generated, one seeded sample as large as the training rows (at most EVAL_ROWS), drawn once
   * per seed and kept, so the attacks after an evaluation score the very rows it scored.
   */
  private async rowsToScore(
    synthesis: Synthesis,
    trainRows: number,
    seed: number,
    onSampling: () => void,
  ): Promise<ScoredRows> {
    if (this.lastGenerated) return this.lastGenerated;
    if (this.sampled?.seed === seed) return this.sampled.rows;
    onSampling();
    const rows = await synthesis.sampleRows(Math.min(EVAL_ROWS, Math.max(1000, trainRows)), seed);
    this.sampled = { seed, rows };
    return rows;
  }

  /**
   * Runs one scoring job (an evaluation or the attacks) in the evaluation worker on the rows
   * to score, with its progress posted at most every EVALUATE_PROGRESS_MS; a cancel, a
   * missing model or a failure each become their own answer.
   */
  private async score<T>(
    runId: number,
    seed: number,
    what: { noModel: string; failed: string; sampling?: () => void },
    run: (job: EvaluationJob, options: RunOptions) => Promise<T>,
    onProgress: (stage: string, share: number) => void,
    target: string | null,
    signal?: AbortSignal,
  ): Promise<T | null> {
    const synthesis = this.synthesis;
    const evaluation = this.evaluation;
    if (!synthesis || !evaluation) {
      this.noModel(runId, what.noModel);
      return null;
    }
    try {
      const generated = await this.rowsToScore(
        synthesis,
        evaluation.trainRows.length,
        seed,
        what.sampling ?? (() => undefined),
      );
      let lastPost = 0;
      const job = { ...evaluation, names: generated.names, rows: generated.rows, target, seed };
      return await run(job, {
        ...(signal ? { signal } : {}),
        ...(this.startEvaluation ? { start: this.startEvaluation } : {}),
        onProgress: (stage, share) => {
          const now = performance.now();
          if (now - lastPost < EVALUATE_PROGRESS_MS) return;
          lastPost = now;
          onProgress(stage, share);
        },
      });
    } catch (e) {
      if (e instanceof Cancelled) this.cancelled(runId, e);
      else {
        const message = e instanceof Error ? e.message : String(e);
        this.post({
          type: 'error',
          runId,
          code: 'internal',
          message: `${what.failed}: ${message}`,
        });
      }
      return null;
    }
  }

  /** Scores the rows to score against the run's training and holdout rows. */
  async evaluate(
    runId: number,
    target: string | null,
    seed: number,
    signal?: AbortSignal,
  ): Promise<void> {
    const report = await this.score(
      runId,
      seed,
      {
        noModel:
          'Evaluation compares synthetic rows with the rows the model learned from: train a model on the loaded table first (a loaded model file carries no rows to compare with).',
        failed: 'Evaluation failed',
        sampling: () =>
          this.post({ type: 'evaluate-progress', runId, stage: 'sampling', share: 0 }),
      },
      runEvaluation,
      (stage, share) => this.post({ type: 'evaluate-progress', runId, stage, share }),
      target,
      signal,
    );
    if (report)
      this.post({
        type: 'evaluated',
        runId,
        report: withPrivacyStatement(report, this.synthesis?.privacy ?? null),
      });
  }

  /**
   * Runs the privacy attacks on the rows evaluate() scores, in the evaluation worker, so a
   * cancel stops them at once.
   */
  async attack(
    runId: number,
    settings: AttackSettings,
    target: string | null,
    seed: number,
    signal?: AbortSignal,
  ): Promise<void> {
    const result = await this.score(
      runId,
      seed,
      {
        noModel: 'The attacks need a model trained on the loaded table: train one first.',
        failed: 'The attacks failed',
      },
      (job, options) => runAttacks({ ...job, attacks: settings }, options),
      (_stage, share) => this.post({ type: 'attack-progress', runId, share }),
      target,
      signal,
    );
    if (result) this.post({ type: 'attacked', runId, ...result });
  }

  /** The trained model's fitted anatomy, or one row written step by step (How it works). */
  explain(message: Parameters<typeof answerExplain>[1]): Promise<void> {
    return answerExplain(this.synthesis, message, this.post);
  }

  async save(runId: number): Promise<void> {
    if (!this.synthesis) return this.noModel(runId, 'There is no trained model to save yet.');
    const text = serializeModel(await this.synthesis.toFile());
    const file = new Blob([text], { type: 'application/json' });
    this.post({
      type: 'model-file',
      runId,
      file,
      name: `facsimile-${this.synthesis.kind}.model.json`,
    });
  }

  /** Loads a model file, after `ensureBackend` has the backend for `backends` running. */
  async load(
    runId: number,
    blob: Blob,
    backends: BackendName[],
    ensureBackend: (runId: number, backends: BackendName[]) => Promise<void>,
  ): Promise<void> {
    try {
      await ensureBackend(runId, backends);
      const file = parseModel(await blob.text());
      this.replace(await Synthesis.fromFile(file));
      this.summary = {
        kind: file.kind,
        config: file.config,
        columns: [],
        trainRows: null,
        fitSeconds: null,
        trainSeconds: null,
        rowsPerSecond: null,
        quality: null,
        differentialPrivacy: file.differentialPrivacy ?? null,
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
