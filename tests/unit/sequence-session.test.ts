/**
 * The engine's sequence session, driven by its messages as the page sends them: two linked
 * CSVs read with key and order proposed, a blocking problem until the user's choice, the trees
 * trained, new entities written in both files with keys that link, the evaluation, and the
 * trees' refusal to be saved in the user's words.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { EngineResponse } from '../../src/worker/protocol';
import { SequenceSession } from '../../src/worker/sequence-session';
import type { SequenceRequest } from '../../src/worker/sequence-protocol';

const fixture = (name: string) =>
  new Blob([readFileSync(fileURLToPath(new URL(`../fixtures/sequence/${name}`, import.meta.url)))]);

/** A request without its run id (the harness numbers them), for each request type. */
type Unnumbered<T> = T extends unknown ? Omit<T, 'runId'> : never;

function harness() {
  const posted: EngineResponse[] = [];
  const session = new SequenceSession((m) => posted.push(m), '/wasm/');
  let runId = 0;
  /** Sends `request` and resolves with its answer (or its error). */
  const send = async (request: Unnumbered<SequenceRequest>): Promise<EngineResponse> => {
    runId += 1;
    const id = runId;
    session.handle({ ...request, runId: id } as SequenceRequest);
    for (let i = 0; i < 2000; i += 1) {
      const answer = posted.find(
        (m) => m.runId === id && m.type !== 'progress' && m.type !== 'seq-train-progress',
      );
      if (answer) return answer;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error('no answer');
  };
  return { send, posted };
}

describe('the sequence session', () => {
  it('reads two linked CSVs, trains the trees, writes linked files and scores them', async () => {
    const { send } = harness();
    const loaded = await send({
      type: 'seq-load',
      events: fixture('chicks-weights.csv'),
      eventsName: 'chicks-weights.csv',
      subjects: fixture('chicks-subjects.csv'),
      subjectsName: 'chicks-subjects.csv',
    });
    if (loaded.type !== 'seq-loaded') throw new Error(JSON.stringify(loaded));
    expect(loaded.read.options).toMatchObject({ key: 'Chick', order: 'Time' });
    expect(loaded.read).toMatchObject({ ok: true, entities: 16, events: 181, shape: 'linked' });
    expect(loaded.read.lengths?.max).toBe(12);

    const trained = await send({
      type: 'seq-train',
      model: 'seq-trees',
      epochs: null,
      seed: 1,
      holdoutShare: 0.25,
      backends: ['cpu'],
    });
    if (trained.type !== 'seq-trained') throw new Error(JSON.stringify(trained));
    expect(trained.model).toMatchObject({ trainEntities: 12, holdoutEntities: 4 });

    const generated = await send({ type: 'seq-generate', entities: 10, seed: 3 });
    if (generated.type !== 'seq-generated') throw new Error(JSON.stringify(generated));
    const { files, integrity } = generated.result;
    const [subjectsFile, eventsFile] = files;
    if (!subjectsFile || !eventsFile) throw new Error('two files expected');
    expect(files.map((f) => f.role)).toEqual(['subjects', 'events']);
    expect(integrity).toBe(1);
    const subjectKeys = new Set(
      (await subjectsFile.csv.text())
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(',')[0]),
    );
    const eventKeys = (await eventsFile.csv.text())
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',')[0]);
    expect(subjectKeys.size).toBe(10);
    expect(eventKeys.filter((k) => !subjectKeys.has(k))).toEqual([]);

    const scored = await send({ type: 'seq-evaluate', seed: 1 });
    if (scored.type !== 'seq-evaluated') throw new Error(JSON.stringify(scored));
    expect(scored.report.integrity).toBe(1);
    expect(JSON.parse(scored.json)).toHaveProperty('sequential_quality');
    expect(scored.html).toContain('<html');

    const saved = await send({ type: 'seq-save-model' });
    expect(saved).toMatchObject({ type: 'error', code: 'no-model' });
    expect(saved.type === 'error' && saved.message).toMatch(/put your data in the file/);
  });

  it('holds back training while events have no subject, until the user sets them aside', async () => {
    const { send } = harness();
    const loaded = await send({
      type: 'seq-load',
      events: fixture('visits-events.csv'),
      eventsName: 'visits-events.csv',
      subjects: fixture('visits-subjects.csv'),
      subjectsName: 'visits-subjects.csv',
    });
    if (loaded.type !== 'seq-loaded') throw new Error(JSON.stringify(loaded));
    expect(loaded.read.ok).toBe(false);
    expect(loaded.read.problems.find((p) => p.code === 'orphan-events')?.count).toBe(2);
    const refused = await send({
      type: 'seq-train',
      model: 'seq-trees',
      epochs: null,
      seed: 1,
      holdoutShare: 0,
      backends: ['cpu'],
    });
    expect(refused).toMatchObject({ type: 'error', code: 'no-data' });
    const chosen = await send({
      type: 'seq-read',
      options: { ...loaded.read.options, dropOrphans: true },
    });
    if (chosen.type !== 'seq-entities') throw new Error(JSON.stringify(chosen));
    expect(chosen.read.ok).toBe(true);
    expect(chosen.read.events).toBe(5);
  });
});
