/**
 * `npm run synth` for entities with events (chosen by --key):
 *   npm run synth -- --data EVENTS.csv --key COL [--order COL] [--subjects SUBJECTS.csv]
 *                    --model seq-trees|seq-argn --entities N --seed S --out OUT.csv
 *                    [--out-subjects OUT_SUBJECTS.csv] [--epochs N] [--drop-orphans]
 *                    [--keep-first-duplicate] [--drop-missing-keys] [--order-unparseable-as-missing]
 *                    [--where SUBJECT_COLUMN=VALUE ...] [--constraints SPEC.json]
 * Without --subjects the input is one long table and --out gets one long table with the same
 * header; with --subjects, --out is the event table and --out-subjects the subject table.
 */
import { writeFileSync } from 'node:fs';
import { writeCsv } from '../core/data/csv-writer';
import { Rng } from '../core/rng';
import type { EntityTable } from '../core/sequence/entity-table';
import { readEntities } from '../core/sequence/read-entities';
import { bindSubjectRules, type BoundSubjectRules } from '../core/sequence/subject-rules';
import { toEventRows, toLongRows, toSubjectRows } from '../core/sequence/write-entities';
import { parseArgs, UsageError, type Args } from './args';
import { optionError, parseWhere, readConstraintsFile } from './rules';
import { loadCells, tableOrThrow } from './score-sequence';
import { SEQUENCE_MODELS } from './sequence-models';

export const SEQUENCE_SYNTH_USAGE = `Usage: npm run synth -- --data EVENTS.csv --key COLUMN [--order COLUMN] [--subjects SUBJECTS.csv]
         --model ${Object.keys(SEQUENCE_MODELS).join('|')} --entities N --seed N --out OUT.csv [--out-subjects OUT_SUBJECTS.csv]
         [--epochs N] [--drop-orphans] [--keep-first-duplicate] [--drop-missing-keys] [--order-unparseable-as-missing]
         [--where SUBJECT_COLUMN=VALUE ...] [--constraints SPEC.json]
  With --subjects, --out is the event table and --out-subjects (required) the subject table.
  --where and --constraints apply to subject columns (one value per entity): every entity written keeps them.`;

const FLAGS = [
  'drop-orphans',
  'keep-first-duplicate',
  'drop-missing-keys',
  'order-unparseable-as-missing',
];

function progress(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** The --where conditions and --constraints, bound to the subject columns; null when none. */
function readSubjectRules(a: Args, table: EntityTable): BoundSubjectRules | null {
  const conditions = parseWhere(a.many('where'));
  const file = a.one('constraints');
  const constraints = file ? readConstraintsFile(file) : [];
  if (conditions.length === 0 && constraints.length === 0) return null;
  try {
    bindSubjectRules({ conditions, constraints: [] }, table);
  } catch (e) {
    throw optionError('--where', e);
  }
  try {
    return bindSubjectRules({ conditions, constraints }, table);
  } catch (e) {
    throw optionError('--constraints', e);
  }
}

/** Trains the chosen sequence model and writes new entities in the input's shape. */
export async function runSequenceSynth(argv: readonly string[]): Promise<void> {
  const flags = new Set(FLAGS.filter((f) => argv.includes(`--${f}`)));
  const a = parseArgs(
    argv.filter((x) => !FLAGS.some((f) => x === `--${f}`)),
    [
      'data',
      'key',
      'order',
      'subjects',
      'model',
      'entities',
      'seed',
      'out',
      'out-subjects',
      'epochs',
      'backend',
      'constraints',
    ],
    ['where'],
  );
  const data = a.one('data');
  const out = a.one('out');
  if (!data || !out) throw new UsageError('Give --data EVENTS.csv and --out OUT.csv.');
  const modelName = a.one('model') ?? 'seq-trees';
  const model = SEQUENCE_MODELS[modelName];
  if (!model)
    throw new UsageError(`--model must be one of ${Object.keys(SEQUENCE_MODELS).join(', ')}.`);
  const subjectsPath = a.one('subjects');
  const outSubjects = a.one('out-subjects');
  if (subjectsPath && !outSubjects)
    throw new UsageError('With --subjects, give --out-subjects OUT_SUBJECTS.csv too.');
  const events = loadCells(data, 'event');
  const subjects = subjectsPath ? loadCells(subjectsPath, 'subject') : null;
  const table: EntityTable = tableOrThrow(
    readEntities(events, subjects, {
      key: a.one('key') as string,
      order: a.one('order'),
      dropOrphans: flags.has('drop-orphans'),
      keepFirstDuplicate: flags.has('keep-first-duplicate'),
      dropMissingKeys: flags.has('drop-missing-keys'),
      unparseableOrderAsMissing: flags.has('order-unparseable-as-missing'),
    }),
    'input',
  );
  progress(
    `${table.keys.length} entities, ${table.eventStart[table.keys.length]} events; subject columns: ${table.subjectColumns.join(', ') || 'none'}`,
  );
  const rules = readSubjectRules(a, table);
  const entities = a.int('entities', table.keys.length);
  const seed = a.int('seed', 0);
  const started = performance.now();
  const synth = await model.run(table, entities, new Rng(seed), {
    epochs: a.has('epochs') ? a.int('epochs', 0) : undefined,
    backend: a.one('backend') === 'cpu' ? 'cpu' : 'wasm',
    progress,
    rules,
  });
  progress(
    `${modelName}: ${entities} entities in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  if (subjects && outSubjects) {
    const s = toSubjectRows(synth);
    const e = toEventRows(synth);
    writeFileSync(outSubjects, writeCsv(s.names, s.rows, { neutraliseFormulas: true }));
    writeFileSync(out, writeCsv(e.names, e.rows, { neutraliseFormulas: true }));
    progress(
      `wrote ${s.rows.length} subjects to ${outSubjects} and ${e.rows.length} events to ${out}`,
    );
  } else {
    const long = toLongRows(synth, events.names);
    writeFileSync(out, writeCsv(long.names, long.rows, { neutraliseFormulas: true }));
    progress(`wrote ${long.rows.length} events to ${out}`);
  }
}
