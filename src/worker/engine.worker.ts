/**
 * The engine worker: owns the loaded table (and, later, the transformer, the model and the
 * tfjs backend). The page talks to it only through messages from ./protocol.
 */
import { ReadError } from '../core/data/table-builder';
import { DatasetSession } from './dataset-session';
import type { SynthesisConfig } from '../core/pipeline';
import type { Checkpoint } from '../core/train/checkpoint';
import {
  assertNever,
  type BackendName,
  type EngineRequest,
  type EngineResponse,
  type ErrorCode,
  type InterruptedRun,
} from './protocol';
import { readFile } from './read-file';
import {
  describeRun,
  openRunDatabase,
  RunStore,
  runIsOrphaned,
  whileHoldingRun,
  type RunRecord,
  type RunSource,
} from './run-store';
import { generateRulesCsv } from './rules-generation';
import { TrainingSession } from './training-session';
import { SequenceSession } from './sequence-session';

/** The worker's global scope (tsconfig.worker.json gives this file the WebWorker typings). */
const scope: DedicatedWorkerGlobalScope = self;

let session: DatasetSession | null = null;
/** Where the loaded table came from, kept with a training run so a reload can resume it. */
let source: RunSource | null = null;
const training = new TrainingSession(post, `${import.meta.env.BASE_URL}wasm/`);
/** Entities with events: their files, model and output (sequence-protocol.ts). */
const sequences = new SequenceSession(post, `${import.meta.env.BASE_URL}wasm/`);
const reads = new Map<number, AbortController>();
/** Generations and evaluations under way, by run id: a 'cancel' aborts one. */
const jobs = new Map<number, AbortController>();

/** Runs a cancellable job under `runId` until it settles. */
function cancellable(runId: number, work: (signal: AbortSignal) => Promise<void>): void {
  const controller = new AbortController();
  jobs.set(runId, controller);
  void work(controller.signal).finally(() => jobs.delete(runId));
}

/** Cancels the read, generation, evaluation or training run `target`. */
function cancel(target: number): void {
  reads.get(target)?.abort();
  jobs.get(target)?.abort();
  sequences.cancel(target);
  if (keptRun === target) training.stop();
}

function post(message: EngineResponse): void {
  scope.postMessage(message);
}

function fail(runId: number, error: unknown): void {
  let code: ErrorCode = 'internal';
  let message = 'Something went wrong while reading the file.';
  if (error instanceof ReadError) {
    code = error.code;
    message = error.message;
  } else if (error instanceof DOMException && error.name === 'AbortError') {
    code = 'cancelled';
    message = 'Loading was cancelled.';
  } else if (error instanceof RangeError) {
    code = 'too-large';
    message =
      'This file is too large for this browser tab to hold. Take a sample of the rows, or keep ' +
      'fewer columns, and load that instead.';
  } else if (error instanceof Error) {
    message = `Something went wrong while reading the file: ${error.message}`;
  }
  post({ type: 'error', runId, code, message });
}

/** Reads a table, posting progress under `runId`; throws what the reader throws. */
async function readTable(runId: number, file: Blob, name: string): Promise<DatasetSession> {
  for (const c of reads.values()) c.abort();
  const controller = new AbortController();
  reads.set(runId, controller);
  const started = performance.now();
  try {
    const { table, report } = await readFile(file, controller.signal, (p) =>
      post({ type: 'progress', runId, ...p }),
    );
    const seconds = (performance.now() - started) / 1000;
    return new DatasetSession(name, file.size, table, report, seconds);
  } finally {
    reads.delete(runId);
  }
}

async function load(runId: number, file: Blob, name: string, origin: RunSource): Promise<void> {
  try {
    session = await readTable(runId, file, name);
    source = origin;
    post({ type: 'loaded', runId, dataset: session.view() });
  } catch (error) {
    fail(runId, error);
  }
}

async function loadUrl(runId: number, url: string, name: string): Promise<void> {
  try {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`the demo file answered ${response.status}`);
    await load(runId, await response.blob(), name, { kind: 'demo', name, url });
  } catch (error) {
    fail(runId, error);
  }
}

/** The page's training run being kept in the run store (warnings go to it). */
let keptRun: number | null = null;
const runStore = new RunStore(openRunDatabase(), (message) => {
  if (keptRun !== null) post({ type: 'storage-warning', runId: keptRun, message });
});
training.onCheckpoint = (checkpoint) => runStore.save(checkpoint);

/**
 * Trains, keeping the run in this browser's storage until it ends (completed, stopped or
 * failed), so that a reload or a crashed tab can resume it from its last checkpoint.
 */
async function trainKept(
  runId: number,
  data: DatasetSession,
  config: SynthesisConfig,
  backends: BackendName[],
  holdoutShare: number,
  resume: { record: RunRecord; checkpoint: Checkpoint } | null,
  measure = false,
): Promise<void> {
  if (resume) runStore.adopt(resume.record);
  else if (source) runStore.begin({ source, ...data.choices(), config, holdoutShare, backends });
  keptRun = runId;
  const run = training.train(
    runId,
    data,
    config,
    backends,
    holdoutShare,
    resume?.checkpoint,
    measure,
  );
  // Other tabs see the lock and leave a live run alone; it goes with this page.
  void whileHoldingRun(() => run);
  try {
    await run;
  } finally {
    if (keptRun === runId) keptRun = null;
    void runStore.clear();
  }
}

async function answerInterrupted(runId: number): Promise<void> {
  let run: InterruptedRun | null = null;
  if (!training.busy && (await runIsOrphaned())) {
    const stored = await runStore.read();
    if (stored) run = describeRun(stored.record, stored.checkpoint);
    // A run that died before its first checkpoint cannot resume: do not keep its table.
    else if (await runStore.holdsRecord()) await runStore.clear();
  }
  post({ type: 'interrupted', runId, run });
}

/** Reads the stored run's table again, with its schema choices, and trains on from its checkpoint. */
async function resumeRun(runId: number, loadId: number): Promise<void> {
  const refuse = (code: ErrorCode, text: string) => {
    post({ type: 'error', runId: loadId, code, message: text });
    post({ type: 'error', runId, code, message: text });
  };
  if (training.busy) {
    refuse('busy', 'A model is already training: stop it before resuming the interrupted run.');
    return;
  }
  const stored = await runStore.read();
  if (!stored) {
    refuse('no-data', 'There is no interrupted training run to resume any more.');
    return;
  }
  const { record } = stored;
  let data: DatasetSession;
  try {
    let file: Blob;
    if (record.source.kind === 'file') {
      file = record.source.file;
    } else {
      const response = await fetch(record.source.url);
      if (!response.ok) throw new Error(`the demo file answered ${response.status}`);
      file = await response.blob();
    }
    data = await readTable(loadId, file, record.source.name);
  } catch (error) {
    fail(loadId, error);
    post({
      type: 'error',
      runId,
      code: 'no-data',
      message:
        'The interrupted run could not be resumed: its table could not be read again from this ' +
        "browser's storage. Discard it, then load the file and train again.",
    });
    return;
  }
  data.update(record.missingTokens, record.overrides);
  session = data;
  source = record.source;
  post({ type: 'loaded', runId: loadId, dataset: data.view() });
  await trainKept(runId, data, record.config, record.backends, record.holdoutShare, stored);
}

function handle(message: EngineRequest): void {
  switch (message.type) {
    case 'load-file':
      void load(message.runId, message.file, message.file.name, {
        kind: 'file',
        name: message.file.name,
        file: message.file,
      });
      return;
    case 'load-url':
      void loadUrl(message.runId, message.url, message.name);
      return;
    case 'cancel':
      cancel(message.target);
      return;
    case 'update-schema':
      if (!session) {
        post({
          type: 'error',
          runId: message.runId,
          code: 'no-data',
          message: 'No table is loaded.',
        });
        return;
      }
      session.update(message.missingTokens, message.overrides);
      post({ type: 'schema', runId: message.runId, dataset: session.view() });
      return;
    case 'get-rows':
      post({
        type: 'rows',
        runId: message.runId,
        start: message.start,
        rows: session ? session.rows(message.start, message.count) : [],
      });
      return;
    case 'train':
      if (!session) {
        post({
          type: 'error',
          runId: message.runId,
          code: 'no-data',
          message: 'Load a table first.',
        });
        return;
      }
      if (training.busy) {
        post({
          type: 'error',
          runId: message.runId,
          code: 'busy',
          message: 'A model is already training.',
        });
        return;
      }
      void trainKept(
        message.runId,
        session,
        message.config,
        message.backends,
        message.holdoutShare,
        null,
        message.measure === true,
      );
      return;
    case 'evaluate':
      cancellable(message.runId, (signal) =>
        training.evaluate(message.runId, message.target, message.seed, signal),
      );
      return;
    case 'attack':
      cancellable(message.runId, (signal) =>
        training.attack(message.runId, message.settings, message.target, message.seed, signal),
      );
      return;
    case 'pause':
      training.pause();
      post({ type: 'ack', runId: message.runId });
      return;
    case 'resume':
      training.continue();
      post({ type: 'ack', runId: message.runId });
      return;
    case 'stop':
      training.stop();
      post({ type: 'ack', runId: message.runId });
      return;
    case 'generate':
      cancellable(message.runId, (signal) =>
        training.generate(message.runId, message.rows, message.seed, message.options, signal),
      );
      return;
    case 'check-constraints':
      if (!session) {
        post({
          type: 'error',
          runId: message.runId,
          code: 'no-data',
          message: 'Load a table first.',
        });
        return;
      }
      post({
        type: 'constraint-checks',
        runId: message.runId,
        checks: session.checkConstraints(message.constraints),
      });
      return;
    case 'forget':
      for (const job of jobs.values()) job.abort();
      session = null;
      source = null;
      sequences.forget();
      void runStore.clear();
      void training
        .forget()
        // the stopped run's own clear is queued by now: after this one the run store is done
        // with its database, so the page can delete it and nothing opens it again
        .then(async (memory) => {
          await runStore.clear();
          return memory;
        })
        .then((memory) =>
          post({ type: 'forgotten', runId: message.runId, memory: { ...memory, tableRows: 0 } }),
        );
      return;
    case 'get-levels':
      post({ type: 'levels', runId: message.runId, levels: session ? session.levels() : {} });
      return;
    case 'generate-rules':
      cancellable(message.runId, (signal) =>
        generateRulesCsv(
          message.runId,
          message.spec,
          message.rows,
          message.seed,
          message.neutraliseFormulas,
          post,
          signal,
        ),
      );
      return;
    case 'save-model':
      void training.save(message.runId);
      return;
    case 'load-model':
      void training.load(message.runId, message.file, message.backends);
      return;
    case 'interrupted-run':
      void answerInterrupted(message.runId);
      return;
    case 'resume-run':
      void resumeRun(message.runId, message.loadId);
      return;
    case 'discard-run':
      void runStore.clear().then(() => post({ type: 'ack', runId: message.runId }));
      return;
    case 'explain-model':
    case 'explain-row':
      void training.explain(message);
      return;
    case 'debug-lose-context':
      // test-only, harmless: simulates a GPU reset so the WebGL-loss recovery can be tested
      training.loseContext();
      post({ type: 'ack', runId: message.runId });
      return;
    case 'seq-load':
    case 'seq-read':
    case 'seq-train':
    case 'seq-generate':
    case 'seq-evaluate':
    case 'seq-save-model':
    case 'seq-trace':
    case 'seq-load-model':
      sequences.handle(message);
      return;
    default:
      assertNever(message);
  }
}

scope.addEventListener('message', (event: MessageEvent<EngineRequest>) => handle(event.data));
