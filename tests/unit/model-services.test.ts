/**
 * What the engine does with a trained model, through the training session on the cpu backend:
 * generation in chunks that a cancel stops between two chunks, evaluation that a cancel stops at
 * once (its worker is terminated), the answers for a missing model, and a saved model that
 * loads and generates the same rows.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { readCsvText } from '../../src/core/data/csv-reader';
import type { SynthesisConfig } from '../../src/core/pipeline';
import { DatasetSession } from '../../src/worker/dataset-session';
import type { EvaluationMessage, EvaluationWorker } from '../../src/worker/evaluation-runner';
import { GENERATE_CHUNK } from '../../src/worker/generation';
import type { EngineResponse, GenerateOptions } from '../../src/worker/protocol';
import { TrainingSession } from '../../src/worker/training-session';
import { fixtureText } from './fixtures';

const text = fixtureText('kinds.csv');
const { table, report } = readCsvText(text);
const COPULA: SynthesisConfig = { model: 'copula', epochs: 1, seed: 4 };
const OPTIONS: GenerateOptions = {
  textMode: 'placeholder',
  allowOutOfRange: false,
  neutraliseFormulas: true,
};

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** A session with a copula trained on kinds.csv (a fifth held out), and its messages. */
async function trained(startEvaluation?: () => EvaluationWorker | null) {
  const messages: EngineResponse[] = [];
  let onMessage: (m: EngineResponse) => void = () => undefined;
  const session = new TrainingSession(
    (m) => {
      messages.push(m);
      onMessage(m);
    },
    '',
    startEvaluation,
  );
  await session.train(
    1,
    new DatasetSession('kinds.csv', text.length, table, report, 0),
    COPULA,
    ['cpu'],
    0.2,
  );
  expect(messages.some((m) => m.type === 'trained')).toBe(true);
  return { session, messages, listen: (f: (m: EngineResponse) => void) => (onMessage = f) };
}

const of = <T extends EngineResponse['type']>(messages: EngineResponse[], type: T, runId: number) =>
  messages.filter(
    (m): m is Extract<EngineResponse, { type: T }> => m.type === type && m.runId === runId,
  );

describe('generation', () => {
  it('draws the rows in chunks and writes them all', async () => {
    const { session, messages } = await trained();
    const rows = 2 * GENERATE_CHUNK + 500;
    await session.generate(2, rows, 1, OPTIONS);
    expect(of(messages, 'generate-progress', 2).map((m) => m.done)).toEqual([
      GENERATE_CHUNK,
      2 * GENERATE_CHUNK,
      rows,
    ]);
    const [done] = of(messages, 'generated', 2);
    expect(done?.rows).toBe(rows);
    expect(done?.preview).toHaveLength(100);
    const csv = await done?.csv.text();
    expect(csv?.trimEnd().split('\n')).toHaveLength(rows + 1);
    await session.forget();
  });

  it('stops after the chunk it is drawing when cancelled, says so, and the next one runs', async () => {
    const { session, messages, listen } = await trained();
    const cancel = new AbortController();
    let abortedAt = 0;
    listen((m) => {
      if (m.type === 'generate-progress' && m.runId === 2 && !cancel.signal.aborted) {
        abortedAt = performance.now();
        cancel.abort();
      }
    });
    await session.generate(2, 50 * GENERATE_CHUNK, 1, OPTIONS, cancel.signal);
    const stoppedAfter = performance.now() - abortedAt;
    expect(of(messages, 'generate-progress', 2)).toHaveLength(1);
    expect(of(messages, 'generated', 2)).toHaveLength(0);
    expect(of(messages, 'cancelled', 2)).toEqual([
      { type: 'cancelled', runId: 2, message: 'Generation was cancelled.' },
    ]);
    expect(stoppedAfter).toBeLessThan(1000);
    expect(of(messages, 'error', 2)).toHaveLength(0);
    // the engine is free at once: the next generation runs to its end
    await session.generate(3, 40, 1, OPTIONS);
    expect(of(messages, 'generated', 3)[0]?.rows).toBe(40);
    await session.forget();
  });

  it('draws nothing when cancelled before it starts its second chunk', async () => {
    const { session, messages } = await trained();
    const cancel = new AbortController();
    cancel.abort();
    await session.generate(2, 3 * GENERATE_CHUNK, 1, OPTIONS, cancel.signal);
    expect(of(messages, 'cancelled', 2)).toHaveLength(1);
    expect(of(messages, 'generated', 2)).toHaveLength(0);
    await session.forget();
  });

  it('asks for a model first when there is none', async () => {
    const messages: EngineResponse[] = [];
    const session = new TrainingSession((m) => messages.push(m), '');
    await session.generate(1, 10, 1, OPTIONS);
    await session.evaluate(2, null, 1);
    await session.save(3);
    expect(messages.map((m) => (m.type === 'error' ? [m.runId, m.code] : m.type))).toEqual([
      [1, 'no-model'],
      [2, 'no-model'],
      [3, 'no-model'],
    ]);
  });
});

/** A stand-in for the evaluation worker: it never answers until told to. */
class PendingWorker implements EvaluationWorker {
  onmessage: ((event: MessageEvent<EvaluationMessage>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  job: unknown = null;
  terminated = false;
  postMessage(job: unknown): void {
    this.job = job;
  }
  terminate(): void {
    this.terminated = true;
  }
  send(data: EvaluationMessage): void {
    this.onmessage?.(new MessageEvent('message', { data }));
  }
}

describe('evaluation', () => {
  it('scores in place where there are no workers', async () => {
    const { session, messages } = await trained(() => null);
    await session.generate(2, 200, 1, OPTIONS);
    await session.evaluate(3, 'city', 1);
    const [evaluated] = of(messages, 'evaluated', 3);
    expect(evaluated?.report.quality.overall).toBeGreaterThan(0);
    expect(evaluated?.report.quality.overall).toBeLessThanOrEqual(1);
    await session.forget();
  });

  it('hands the job to its own worker and passes its progress and report on', async () => {
    const worker = new PendingWorker();
    const { session, messages } = await trained(() => worker);
    await session.generate(2, 50, 1, OPTIONS);
    const running = session.evaluate(3, null, 1);
    await vi.waitFor(() => expect(worker.job).not.toBeNull());
    expect(worker.job).toMatchObject({ target: null, seed: 1, names: table.names });
    worker.send({ type: 'progress', stage: 'privacy', share: 0.4 });
    const report = { quality: { overall: 0.8 } } as never;
    worker.send({ type: 'done', report });
    await running;
    expect(of(messages, 'evaluate-progress', 3).map((m) => m.stage)).toEqual(['privacy']);
    // passed on with the model's privacy statement (this model has none)
    expect(of(messages, 'evaluated', 3)[0]?.report).toEqual({
      quality: { overall: 0.8 },
      epsilon: null,
      differentialPrivacy: null,
    });
    expect(worker.terminated).toBe(true);
    await session.forget();
  });

  it('stops at once when cancelled: the worker is terminated and the page told', async () => {
    const worker = new PendingWorker();
    const { session, messages } = await trained(() => worker);
    const cancel = new AbortController();
    const running = session.evaluate(2, null, 1, cancel.signal);
    await vi.waitFor(() => expect(worker.job).not.toBeNull());
    const started = performance.now();
    cancel.abort();
    await running;
    expect(performance.now() - started).toBeLessThan(1000);
    expect(worker.terminated).toBe(true);
    expect(of(messages, 'cancelled', 2)).toEqual([
      { type: 'cancelled', runId: 2, message: 'Evaluation was cancelled.' },
    ]);
    expect(of(messages, 'evaluated', 2)).toHaveLength(0);
    // a late answer from the terminated worker changes nothing
    worker.send({ type: 'done', report: {} as never });
    expect(of(messages, 'evaluated', 2)).toHaveLength(0);
    await session.forget();
  });

  it('the attacks score the very sample an evaluation drew, without drawing it again', async () => {
    const jobs: { rows: string[][] }[] = [];
    const { session } = await trained(() => {
      const worker = new PendingWorker();
      worker.postMessage = (job: unknown) => {
        jobs.push(job as { rows: string[][] });
        queueMicrotask(() => worker.send({ type: 'done', report: {} as never }));
      };
      return worker;
    });
    await session.evaluate(2, null, 5);
    await session.attack(3, { attacks: 10, secrets: [], linkColumns: [[], []] } as never, null, 5);
    expect(jobs).toHaveLength(2);
    expect(jobs[1]?.rows).toBe(jobs[0]?.rows);
    await session.forget();
  });

  it('runs the privacy attacks in that worker too, and a cancel stops them at once', async () => {
    const worker = new PendingWorker();
    const { session, messages } = await trained(() => worker);
    await session.generate(2, 50, 1, OPTIONS);
    const settings = { attacks: 10, secrets: [], linkA: null } as never;
    const done = session.attack(3, settings, null, 1);
    await vi.waitFor(() => expect(worker.job).not.toBeNull());
    expect(worker.job).toMatchObject({ kind: 'attack', seed: 1, names: table.names });
    worker.send({ type: 'progress', stage: 'attacks', share: 0.5 });
    worker.send({ type: 'done', report: { report: null, error: 'too few rows' } });
    await done;
    expect(of(messages, 'attack-progress', 3).map((m) => m.share)).toEqual([0.5]);
    expect(of(messages, 'attacked', 3)[0]).toMatchObject({ error: 'too few rows' });

    const second = new PendingWorker();
    const again = await trained(() => second);
    const cancel = new AbortController();
    const running = again.session.attack(4, settings, null, 1, cancel.signal);
    await vi.waitFor(() => expect(second.job).not.toBeNull());
    cancel.abort();
    await running;
    expect(second.terminated).toBe(true);
    expect(of(again.messages, 'cancelled', 4)).toEqual([
      { type: 'cancelled', runId: 4, message: 'The attacks were cancelled.' },
    ]);
    expect(of(again.messages, 'attacked', 4)).toHaveLength(0);
    await session.forget();
    await again.session.forget();
  });

  it("says why when the evaluation's worker fails", async () => {
    const worker = new PendingWorker();
    const { session, messages } = await trained(() => worker);
    const running = session.evaluate(2, null, 1);
    await vi.waitFor(() => expect(worker.job).not.toBeNull());
    worker.send({ type: 'failed', message: 'the target has one class' });
    await running;
    expect(of(messages, 'error', 2)[0]?.message).toBe(
      'Evaluation failed: the target has one class',
    );
    await session.forget();
  });
});

describe('model files', () => {
  it('a saved model loads, and generates the same rows as the model it was saved from', async () => {
    const { session, messages } = await trained();
    await session.generate(2, 30, 7, OPTIONS);
    await session.save(3);
    const [file] = of(messages, 'model-file', 3);
    expect(file?.name).toBe('facsimile-copula.model.json');
    const other: EngineResponse[] = [];
    const loaded = new TrainingSession((m) => other.push(m), '');
    if (!file) throw new Error('no model file');
    await loaded.load(1, file.file, ['cpu']);
    expect(of(other, 'trained', 1)[0]?.model.trainRows).toBeNull();
    await loaded.generate(2, 30, 7, OPTIONS);
    const a = await of(messages, 'generated', 2)[0]?.csv.text();
    const b = await of(other, 'generated', 2)[0]?.csv.text();
    expect(b).toBe(a);
    await session.forget();
    await loaded.forget();
  });

  it('refuses a file that is not a model, in words', async () => {
    const messages: EngineResponse[] = [];
    const session = new TrainingSession((m) => messages.push(m), '');
    await session.load(1, new Blob(['{"hello": 1}']), ['cpu']);
    const [error] = of(messages, 'error', 1);
    expect(error?.code).toBe('bad-model');
    expect(error?.message.length).toBeGreaterThan(10);
  });
});
