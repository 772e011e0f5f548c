/**
 * What the engine does with a trained (or loaded) model: generate rows, evaluate them against
 * the run's rows, save the model file, load one, and explain it. Holds the model and what
 * evaluation needs from the run that made it.
 */
import { parseModel, serializeModel } from '../core/io/model-file';
import { Synthesis } from '../core/pipeline';
import type { AttackSettings } from '../core/eval/attacks/privacy-attacks';
import { EVAL_ROWS, attackGenerated, type EvaluationInput } from './evaluation-session';
import { runEvaluation, type EvaluationWorker } from './evaluation-runner';
import { answerExplain } from './explain-row';
import { Cancelled, generateRows } from './generation';
import type { BackendName, EngineResponse, GenerateOptions, ModelSummary } from './protocol';

/** What evaluation needs from the run: the table, schema and the training / holdout rows. */
export type RunRows = Omit<EvaluationInput, 'names' | 'rows' | 'target' | 'seed'>;

/** Least time between two evaluation progress messages. */
const EVALUATE_PROGRESS_MS = 200;

export class ModelServices {
  synthesis: Synthesis | null = null;
  summary: ModelSummary | null = null;
  /** The run's rows, for evaluation; null for a loaded model. */
  evaluation: RunRows | null = null;
  /** The first EVAL_ROWS rows of the last generation, as written (for evaluation). */
  private lastGenerated: { names: string[]; rows: string[][] } | null = null;

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
   * Scores the last generated rows (or, when none were generated, a fresh sample as large as
   * the training rows, at most EVAL_ROWS) against the run's training and holdout rows.
   */
  async evaluate(
    runId: number,
    target: string | null,
    seed: number,
    signal?: AbortSignal,
  ): Promise<void> {
    const synthesis = this.synthesis;
    const evaluation = this.evaluation;
    if (!synthesis || !evaluation)
      return this.noModel(
        runId,
        'Evaluation compares synthetic rows with the rows the model learned from: train a model on the loaded table first (a loaded model file carries no rows to compare with).',
      );
    try {
      let generated = this.lastGenerated;
      if (!generated) {
        const n = Math.min(EVAL_ROWS, Math.max(1000, evaluation.trainRows.length));
        this.post({ type: 'evaluate-progress', runId, stage: 'sampling', share: 0 });
        generated = await synthesis.sampleRows(n, seed);
      }
      let lastPost = 0;
      const job = { ...evaluation, names: generated.names, rows: generated.rows, target, seed };
      const report = await runEvaluation(job, {
        ...(signal ? { signal } : {}),
        ...(this.startEvaluation ? { start: this.startEvaluation } : {}),
        onProgress: (stage, share) => {
          const now = performance.now();
          if (now - lastPost < EVALUATE_PROGRESS_MS) return;
          lastPost = now;
          this.post({ type: 'evaluate-progress', runId, stage, share });
        },
      });
      this.post({ type: 'evaluated', runId, report });
    } catch (e) {
      if (e instanceof Cancelled) return this.cancelled(runId, e);
      const message = e instanceof Error ? e.message : String(e);
      this.post({
        type: 'error',
        runId,
        code: 'internal',
        message: `Evaluation failed: ${message}`,
      });
    }
  }

  /**
   * Runs the privacy attacks on the rows evaluate() scores (the last generated rows, or the
   * same seeded sample), here in the engine worker.
   */
  async attack(
    runId: number,
    settings: AttackSettings,
    target: string | null,
    seed: number,
  ): Promise<void> {
    const synthesis = this.synthesis;
    const evaluation = this.evaluation;
    if (!synthesis || !evaluation)
      return this.noModel(
        runId,
        'The attacks need a model trained on the loaded table: train one first.',
      );
    try {
      const generated =
        this.lastGenerated ??
        (await synthesis.sampleRows(
          Math.min(EVAL_ROWS, Math.max(1000, evaluation.trainRows.length)),
          seed,
        ));
      let lastPost = 0;
      const result = attackGenerated({
        ...evaluation,
        names: generated.names,
        rows: generated.rows,
        target,
        seed,
        attacks: settings,
        onProgress: (share) => {
          const now = performance.now();
          if (now - lastPost < EVALUATE_PROGRESS_MS) return;
          lastPost = now;
          this.post({ type: 'attack-progress', runId, share });
        },
      });
      this.post({ type: 'attacked', runId, ...result });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.post({
        type: 'error',
        runId,
        code: 'internal',
        message: `The attacks failed: ${message}`,
      });
    }
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
