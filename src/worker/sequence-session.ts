/**
 * The engine's side of entities with events: it holds the files read (as cells), the entities
 * read with the user's choices, the training and holdout entities, the sequence model and the
 * last synthetic entities, and answers the sequence requests of sequence-protocol.ts.
 */
import { ReadError } from '../core/data/table-builder';
import { evaluateSequences, sequenceReportJson } from '../core/eval/sequence/sequence-report';
import { sequenceViews } from '../core/eval/sequence/sequence-views';
import { sequenceOutline } from '../core/sequence/outline';
import { sequenceReportToHtml } from '../core/io/sequence-report-html';
import { parseSequenceModel, serializeSequenceModel } from '../core/io/sequence-model-file';
import type { SequenceSynthesizer } from '../core/models/sequence-contract';
import { sequenceModelEntry } from '../core/models/sequence-registry';
import { Rng } from '../core/rng';
import type { Condition } from '../core/rules/conditions';
import { ConstraintError } from '../core/rules/constraints';
import { cellTableFromRaw, type CellTable } from '../core/sequence/cells';
import type { EntityTable } from '../core/sequence/entity-table';
import { eventsPerEntity, summarizeLengths } from '../core/sequence/lengths';
import { splitEntities } from '../core/sequence/split-entities';
import { writeEntities, type WrittenEntities } from '../core/sequence/written-files';
import { BackendKeeper } from './backend-choice';
import type { BackendName, EngineResponse, ErrorCode } from './protocol';
import { readFile } from './read-file';
import { drawEntities, subjectValues } from './sequence-generation';
import { readView, proposeFor } from './sequence-reading';
import type { SequenceModelSummary, SequenceReadView, SequenceRequest } from './sequence-protocol';

type Post = (m: EngineResponse) => void;

interface Files {
  events: CellTable;
  subjects: CellTable | null;
  eventsName: string;
  subjectsName: string | null;
}

const base = (name: string) => name.replace(/\.[^.]+$/, '');

export class SequenceSession {
  private files: Files | null = null;
  private table: EntityTable | null = null;
  private train: EntityTable | null = null;
  private holdout: EntityTable | null = null;
  private model: SequenceSynthesizer | null = null;
  private last: { synth: EntityTable; written: WrittenEntities; seed: number } | null = null;
  private readonly jobs = new Map<number, AbortController>();
  private readonly backends: BackendKeeper;
  private training = false;

  constructor(
    private readonly post: Post,
    wasmPath: string,
  ) {
    this.backends = new BackendKeeper(wasmPath);
  }

  /** Stops the read, training, generation or evaluation `target`, if it is one of ours. */
  cancel(target: number): void {
    this.jobs.get(target)?.abort();
  }

  /** Drops the files, the entities, the model and its tensors. */
  forget(): void {
    for (const job of this.jobs.values()) job.abort();
    this.model?.dispose();
    this.model = null;
    this.files = null;
    this.table = this.train = this.holdout = null;
    this.last = null;
  }

  handle(m: SequenceRequest): void {
    const controller = new AbortController();
    this.jobs.set(m.runId, controller);
    void this.run(m, controller.signal)
      .catch((error: unknown) => this.fail(m.runId, error))
      .finally(() => this.jobs.delete(m.runId));
  }

  private async run(m: SequenceRequest, signal: AbortSignal): Promise<void> {
    switch (m.type) {
      case 'seq-load':
        return this.load(m, signal);
      case 'seq-read':
        this.post({ type: 'seq-entities', runId: m.runId, read: this.read(m.options) });
        return;
      case 'seq-train':
        return this.fit(m, signal);
      case 'seq-generate':
        return this.generate(m.runId, m.entities, m.seed, m.conditions ?? []);
      case 'seq-evaluate':
        return this.evaluate(m.runId, m.seed);
      case 'seq-save-model':
        return this.save(m.runId);
      case 'seq-trace':
        this.post({
          type: 'seq-traced',
          runId: m.runId,
          trace: await this.needModel().trace(m.seed),
        });
        return;
      case 'seq-load-model':
        return this.loadModel(m.runId, m.file, m.backends);
    }
  }

  private fail(runId: number, error: unknown): void {
    let code: ErrorCode = 'internal';
    let message = 'Something went wrong.';
    if (error instanceof ReadError) ({ code, message } = error);
    else if (error instanceof DOMException && error.name === 'AbortError') {
      code = 'cancelled';
      message = error.message;
    } else if (error instanceof SequenceError) ({ code, message } = error);
    else if (error instanceof Error) message = error.message;
    this.post({ type: 'error', runId, code, message });
  }

  private async load(m: Extract<SequenceRequest, { type: 'seq-load' }>, signal: AbortSignal) {
    const cells = async (file: Blob) => {
      const { table } = await readFile(file, signal, (p) =>
        this.post({ type: 'progress', runId: m.runId, ...p }),
      );
      return cellTableFromRaw(table);
    };
    const events = await cells(m.events);
    const subjects = m.subjects ? await cells(m.subjects) : null;
    this.forget();
    this.files = { events, subjects, eventsName: m.eventsName, subjectsName: m.subjectsName };
    const files = proposeFor(events, subjects, m.eventsName, m.subjectsName);
    const best = files.proposals[0];
    const read = this.read({ key: best?.key ?? events.names[0] ?? '', order: best?.order ?? null });
    this.post({ type: 'seq-loaded', runId: m.runId, files, read });
  }

  private read(options: SequenceReadView['options']): SequenceReadView {
    if (!this.files) throw new SequenceError('no-data', 'Load the files of your entities first.');
    const { view, table } = readView(this.files.events, this.files.subjects, options);
    this.table = table;
    this.train = this.holdout = null;
    return view;
  }

  private async fit(m: Extract<SequenceRequest, { type: 'seq-train' }>, signal: AbortSignal) {
    if (!this.table)
      throw new SequenceError(
        'no-data',
        'Read your entities first (every blocking problem resolved).',
      );
    if (this.training) throw new SequenceError('busy', 'A sequence model is already training.');
    const entry = sequenceModelEntry(m.model);
    this.training = true;
    try {
      const split = splitEntities(this.table, m.holdoutShare, new Rng(m.seed ^ 0x5eed));
      if (entry.needsBackend) {
        const b = await this.backends.ensure(m.backends);
        this.post({
          type: 'backend',
          runId: m.runId,
          name: b.name,
          reason: b.reason,
          ...(b.threads ? { threads: b.threads } : {}),
        });
      }
      const impl = await entry.load();
      const started = performance.now();
      const model = await impl.fit(split.train, {
        epochs: m.epochs,
        rng: new Rng(m.seed),
        signal,
        onEpoch: (epoch) => this.post({ type: 'seq-train-progress', runId: m.runId, epoch }),
      });
      this.model?.dispose();
      this.model = model;
      this.train = split.train;
      this.holdout = split.holdout;
      this.last = null;
      this.post({
        type: 'seq-trained',
        runId: m.runId,
        model: this.summary((performance.now() - started) / 1000),
      });
    } finally {
      this.training = false;
    }
  }

  private summary(seconds: number | null): SequenceModelSummary {
    const model = this.model as SequenceSynthesizer;
    const { key, order, subjectColumns, eventColumns } = model.template;
    return {
      kind: model.kind,
      trainEntities: seconds === null ? null : (this.train?.keys.length ?? null),
      holdoutEntities: seconds === null ? null : (this.holdout?.keys.length ?? 0),
      epochs: model.epochs,
      outline:
        this.train || this.table
          ? sequenceOutline((this.train ?? this.table) as EntityTable)
          : null,
      notes: model.notes,
      seconds,
      unsavable: sequenceModelEntry(model.kind).unsavable,
      template: { key, order, subjectColumns, eventColumns },
      subjectValues: subjectValues(this.train),
    };
  }

  private async generate(
    runId: number,
    entities: number,
    seed: number,
    conditions: Condition[],
  ): Promise<void> {
    const model = this.needModel();
    if (!Number.isInteger(entities) || entities < 1 || entities > 1_000_000)
      throw new SequenceError('internal', 'Ask for between 1 and 1,000,000 entities.');
    const started = performance.now();
    const { synth, message } = await drawEntities(
      model,
      entities,
      seed,
      conditions,
      this.train,
    ).catch((e: unknown) => {
      throw e instanceof ConstraintError ? new SequenceError('bad-rules', e.message) : e;
    });
    const longNames = this.files?.events.names ?? [];
    const written = writeEntities(synth, longNames);
    this.last = { synth, written, seed };
    const stem = base(this.files?.eventsName ?? 'entities');
    const subjectStem = base(this.files?.subjectsName ?? 'subjects');
    const files = written.tables.map((t) => ({
      role: t.role,
      name: `${t.role === 'subjects' ? subjectStem : stem}-synthetic.csv`,
      csv: new Blob([t.csv], { type: 'text/csv' }),
      rows: t.out.rows.length,
    }));
    const preview = written.tables[written.tables.length - 1]?.out ?? { names: [], rows: [] };
    const realLengths = this.train ? summarizeLengths(eventsPerEntity(this.train)) : null;
    const synthetic = summarizeLengths(eventsPerEntity(synth));
    this.post({
      type: 'seq-generated',
      runId,
      result: {
        files,
        entities: synth.keys.length,
        events: synth.eventStart[synth.keys.length] as number,
        seconds: (performance.now() - started) / 1000,
        integrity: written.integrity,
        preview: { names: preview.names, rows: preview.rows.slice(0, 20) },
        lengths: { real: realLengths ?? synthetic, synthetic },
        views: this.train ? sequenceViews(this.train, synth) : null,
        message,
      },
    });
  }

  private async evaluate(runId: number, seed: number): Promise<void> {
    this.needModel();
    if (!this.train)
      throw new SequenceError(
        'no-data',
        'A loaded model has no training entities to compare with: train one on your data to evaluate it.',
      );
    if (!this.last) await this.generateQuietly(this.train.keys.length, seed);
    const last = this.last as NonNullable<SequenceSession['last']>;
    const report = evaluateSequences({
      real: this.train,
      synth: last.synth,
      holdout: this.holdout,
      seed,
      integrity: last.written.integrity,
      writtenOrder: last.written.writtenOrder,
      subjectKeysUnique: last.written.subjectKeysUnique,
    });
    this.post({
      type: 'seq-evaluated',
      runId,
      report,
      json: JSON.stringify(sequenceReportJson(report), null, 2),
      html: sequenceReportToHtml(report),
    });
  }

  private async generateQuietly(entities: number, seed: number): Promise<void> {
    const synth = await this.needModel().sample(entities, new Rng(seed));
    this.last = { synth, written: writeEntities(synth, this.files?.events.names ?? []), seed };
  }

  private async save(runId: number): Promise<void> {
    const model = this.needModel();
    const unsavable = sequenceModelEntry(model.kind).unsavable;
    if (unsavable) throw new SequenceError('no-model', unsavable);
    const text = serializeSequenceModel(model.kind, await model.save());
    this.post({
      type: 'model-file',
      runId,
      file: new Blob([text], { type: 'application/json' }),
      name: `${base(this.files?.eventsName ?? 'entities')}-${model.kind}.facsimile-seq.json`,
    });
  }

  private async loadModel(runId: number, blob: Blob, backends: BackendName[]): Promise<void> {
    let file;
    try {
      file = parseSequenceModel(await blob.text());
    } catch (error) {
      throw new SequenceError('bad-model', error instanceof Error ? error.message : String(error));
    }
    const entry = sequenceModelEntry(file.kind);
    if (entry.needsBackend) {
      const b = await this.backends.ensure(backends);
      this.post({ type: 'backend', runId, name: b.name, reason: b.reason });
    }
    const impl = await entry.load();
    let model: SequenceSynthesizer;
    try {
      model = impl.restore(file.state);
    } catch (error) {
      throw new SequenceError('bad-model', error instanceof Error ? error.message : String(error));
    }
    this.model?.dispose();
    this.model = model;
    this.train = this.holdout = null;
    this.last = null;
    this.post({ type: 'seq-trained', runId, model: this.summary(null) });
  }

  private needModel(): SequenceSynthesizer {
    if (!this.model)
      throw new SequenceError('no-model', 'Train a sequence model (or load one) first.');
    return this.model;
  }
}

/** A refusal in the user's words, with its code. */
class SequenceError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}
