/**
 * The engine worker: owns the loaded table (and, later, the transformer, the model and the
 * tfjs backend). The page talks to it only through messages from ./protocol.
 */
import { ReadError } from '../core/data/table-builder';
import { DatasetSession } from './dataset-session';
import { assertNever, type EngineRequest, type EngineResponse, type ErrorCode } from './protocol';
import { readFile } from './read-file';
import { TrainingSession } from './training-session';

/** The worker's global scope, typed narrowly (the page's DOM typings are in force here). */
const scope = self as unknown as {
  postMessage(message: EngineResponse): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<EngineRequest>) => void): void;
};

let session: DatasetSession | null = null;
const training = new TrainingSession(post, `${import.meta.env.BASE_URL}wasm/`);
const reads = new Map<number, AbortController>();

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

async function load(runId: number, file: Blob, name: string): Promise<void> {
  for (const c of reads.values()) c.abort();
  const controller = new AbortController();
  reads.set(runId, controller);
  const started = performance.now();
  try {
    const { table, report } = await readFile(file, controller.signal, (p) =>
      post({ type: 'progress', runId, ...p }),
    );
    const seconds = (performance.now() - started) / 1000;
    session = new DatasetSession(name, file.size, table, report, seconds);
    post({ type: 'loaded', runId, dataset: session.view() });
  } catch (error) {
    fail(runId, error);
  } finally {
    reads.delete(runId);
  }
}

async function loadUrl(runId: number, url: string, name: string): Promise<void> {
  try {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`the demo file answered ${response.status}`);
    await load(runId, await response.blob(), name);
  } catch (error) {
    fail(runId, error);
  }
}

function handle(message: EngineRequest): void {
  switch (message.type) {
    case 'load-file':
      void load(message.runId, message.file, message.file.name);
      return;
    case 'load-url':
      void loadUrl(message.runId, message.url, message.name);
      return;
    case 'cancel':
      reads.get(message.target)?.abort();
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
      void training.train(
        message.runId,
        session,
        message.config,
        message.backends,
        message.holdoutShare,
      );
      return;
    case 'evaluate':
      void training.evaluate(message.runId, message.target, message.seed);
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
      void training.generate(message.runId, message.rows, message.seed, message.options);
      return;
    case 'save-model':
      void training.save(message.runId);
      return;
    case 'load-model':
      void training.load(message.runId, message.file, message.backends);
      return;
    default:
      assertNever(message);
  }
}

scope.addEventListener('message', (event) => handle(event.data));
