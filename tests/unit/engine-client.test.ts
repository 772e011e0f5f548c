/**
 * The engine client over a scripted worker: each request's answer type is the one the protocol
 * pairs with it, errors and cancellations reject with an EngineError, and an AbortSignal
 * becomes a 'cancel' message naming the request.
 */
import { describe, expect, it } from 'vitest';
import { EngineClient, EngineError } from '../../src/worker/engine-client';
import {
  ANSWER,
  isAnswer,
  type EngineRequest,
  type EngineResponse,
} from '../../src/worker/protocol';

/** A worker that records what the page sends and answers as the test says. */
class ScriptedWorker extends EventTarget {
  readonly sent: EngineRequest[] = [];
  terminated = false;
  /** Answers to send back when a request of that type arrives. */
  reply: (request: EngineRequest) => EngineResponse[] = () => [];

  postMessage(request: EngineRequest): void {
    this.sent.push(request);
    for (const m of this.reply(request)) this.answer(m);
  }

  answer(data: EngineResponse): void {
    queueMicrotask(() => this.dispatchEvent(new MessageEvent('message', { data })));
  }

  terminate(): void {
    this.terminated = true;
  }
}

function client() {
  const worker = new ScriptedWorker();
  return { worker, engine: new EngineClient(worker as unknown as Worker) };
}

const OPTIONS = { textMode: 'empty', allowOutOfRange: false, neutraliseFormulas: true } as const;

describe('typed answers', () => {
  it('pairs every answered request with one answer type', () => {
    expect(ANSWER.generate).toBe('generated');
    expect(ANSWER['generate-rules']).toBe('generated');
    expect(ANSWER.evaluate).toBe('evaluated');
    expect(ANSWER['load-model']).toBe('trained');
    expect(isAnswer('forget', { type: 'forgotten', runId: 1, memory: {} as never })).toBe(true);
    expect(isAnswer('forget', { type: 'ack', runId: 1 })).toBe(false);
  });

  it("resolves with the answer's content", async () => {
    const { worker, engine } = client();
    worker.reply = (r) =>
      r.type === 'get-levels'
        ? [{ type: 'levels', runId: r.runId, levels: { city: ['Oslo'] } }]
        : [];
    await expect(engine.levels()).resolves.toEqual({ city: ['Oslo'] });
  });

  it('passes updates on and resolves on the answer, whatever came between', async () => {
    const { worker, engine } = client();
    const csv = new Blob(['a\n1\n']);
    worker.reply = (r) =>
      r.type === 'generate'
        ? [
            { type: 'generate-progress', runId: r.runId, done: 1, total: 1 },
            {
              type: 'generated',
              runId: r.runId,
              csv,
              preview: [['1']],
              names: ['a'],
              rows: 1,
              seconds: 0.1,
              partial: false,
              message: null,
            },
          ]
        : [];
    const progress: number[] = [];
    const out = await engine.generate(1, 1, OPTIONS, (done) => progress.push(done));
    expect(progress).toEqual([1]);
    expect(out).toMatchObject({ csv, names: ['a'], rows: 1, partial: false });
  });

  it('rejects with the engine error, and with a clear one for an answer of the wrong type', async () => {
    const { worker, engine } = client();
    worker.reply = (r) =>
      r.type === 'save-model'
        ? [{ type: 'error', runId: r.runId, code: 'no-model', message: 'Train first.' }]
        : [{ type: 'ack', runId: r.runId }];
    await expect(engine.saveModel()).rejects.toMatchObject({
      code: 'no-model',
      message: 'Train first.',
    });
    await expect(engine.forget()).rejects.toMatchObject({
      code: 'internal',
      message: "The engine answered 'forget' with 'ack'.",
    });
  });
});

describe('cancelling a call', () => {
  it("sends a 'cancel' naming the request, and rejects with 'cancelled' when the worker stops", async () => {
    const { worker, engine } = client();
    const cancel = new AbortController();
    const running = engine.evaluate('city', 1, undefined, cancel.signal);
    const request = worker.sent[0];
    expect(request?.type).toBe('evaluate');
    cancel.abort();
    const message = worker.sent[1];
    expect(message).toMatchObject({ type: 'cancel', target: request?.runId });
    worker.answer({
      type: 'cancelled',
      runId: request?.runId ?? -1,
      message: 'Evaluation was cancelled.',
    });
    const error: unknown = await running.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect(error).toMatchObject({ code: 'cancelled', message: 'Evaluation was cancelled.' });
  });

  it('sends nothing for a signal that was aborted before the call', async () => {
    const { worker, engine } = client();
    const cancel = new AbortController();
    cancel.abort();
    await expect(engine.generate(5, 1, OPTIONS, undefined, cancel.signal)).rejects.toMatchObject({
      code: 'cancelled',
    });
    expect(worker.sent).toEqual([]);
  });

  it('sends no cancel once the call has its answer', async () => {
    const { worker, engine } = client();
    worker.reply = (r) =>
      r.type === 'get-levels' ? [{ type: 'levels', runId: r.runId, levels: {} }] : [];
    const cancel = new AbortController();
    const { done } = engine.train({ model: 'copula', epochs: 1, seed: 1 }, ['cpu'], {
      signal: cancel.signal,
    });
    const train = worker.sent[0];
    worker.answer({
      type: 'trained',
      runId: train?.runId ?? -1,
      model: { kind: 'copula' } as never,
    });
    await expect(done).resolves.toMatchObject({ kind: 'copula' });
    cancel.abort();
    expect(worker.sent.map((m) => m.type)).toEqual(['train']);
  });
});
