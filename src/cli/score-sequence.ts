/**
 * `npm run score` for entities with events (chosen by --key):
 *   npm run score -- --key KEY [--order COL] --real EVENTS.csv --synth SYNTH_EVENTS.csv
 *                    [--holdout HOLDOUT_EVENTS.csv] [--real-subjects S.csv --synth-subjects SS.csv
 *                    [--holdout-subjects HS.csv]] [--seed N] [--json] [--no-detection]
 * The same figures as `score_seq.py` (quality, coherence, intertable gap, entity detection and
 * privacy), from the same core as the app.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { evaluateSequences, sequenceReportJson } from '../core/eval/sequence/sequence-report';
import { sequenceReportToHtml } from '../core/io/sequence-report-html';
import { cellTableFromCsv } from '../core/sequence/cells-csv';
import type { CellTable } from '../core/sequence/cells';
import type { EntityTable, SequenceRead } from '../core/sequence/entity-table';
import { linkedShare, orderAsWrittenShare, readEntities } from '../core/sequence/read-entities';
import { parseArgs, UsageError } from './args';

export const SEQUENCE_SCORE_USAGE = `Usage: npm run score -- --key KEY [--order COLUMN] --real EVENTS.csv --synth SYNTH_EVENTS.csv
         [--holdout HOLDOUT_EVENTS.csv] [--real-subjects S.csv --synth-subjects SS.csv [--holdout-subjects HS.csv]]
         [--seed N] [--json] [--no-detection] [--html OUT.html] [--save-json OUT.json]`;

/** Whether the arguments ask for the sequence score (a --key is given). */
export function isSequenceMode(argv: readonly string[]): boolean {
  return argv.some((a) => a === '--key' || a.startsWith('--key='));
}

export function loadCells(path: string, what: string): CellTable {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`Cannot read the ${what} file ${path}.`);
  }
  return cellTableFromCsv(text);
}

/** The table, or an error listing every blocking problem in the user's words. */
export function tableOrThrow(read: SequenceRead, what: string): EntityTable {
  for (const p of read.problems.filter((x) => !x.blocking))
    process.stderr.write(`${what}: ${p.message}\n`);
  if (!read.table)
    throw new Error(
      `${what}: ${read.problems
        .filter((p) => p.blocking)
        .map((p) => p.message)
        .join('\n')}`,
    );
  return read.table;
}

function f3(x: unknown): string {
  return typeof x === 'number' && Number.isFinite(x) ? x.toFixed(3) : 'n/a';
}

/** The sequence report as the terminal shows it, one figure a line. */
function summaryLines(report: ReturnType<typeof evaluateSequences>): string[] {
  const q = report.quality;
  const lines = [
    `sequential quality   ${f3(q.sequentialQuality)}`,
    `  sequence length    ${f3(q.sequenceLength.score)} (mean real ${q.sequenceLength.realMean.toFixed(2)}, synthetic ${q.sequenceLength.syntheticMean.toFixed(2)})`,
    `  subject quality    ${f3(q.subjectQuality)}`,
    `  event shapes       ${f3(q.eventShapes)}`,
    `  intertable trends  ${f3(q.intertableTrends)}`,
    `  coherence          ${f3(q.coherence)}`,
    `intertable association gap ${f3(q.intertableAssociationGap)} (${q.strongPairs.length} pairs with a real association; lower is better)`,
    `integrity            ${f3(report.integrity)}`,
  ];
  if (q.orderAsWritten !== null) lines.push(`order as written     ${f3(q.orderAsWritten)}`);
  if (report.entity) {
    lines.push(`entity detection AUC ${f3(report.entity.detection?.auc)}`);
    lines.push(`exact entity copies  ${f3(report.entity.exactEntityCopies)}`);
    if (report.entity.closerToTrainShare !== null)
      lines.push(`closer to train      ${f3(report.entity.closerToTrainShare)}`);
  }
  return lines;
}

/** Runs the sequence score and prints it. */
export function runSequenceScore(argv: readonly string[]): void {
  const flags = new Set<string>(argv.filter((a) => a === '--json' || a === '--no-detection'));
  const a = parseArgs(
    argv.filter((x) => !flags.has(x)),
    [
      'key',
      'order',
      'real',
      'synth',
      'holdout',
      'real-subjects',
      'synth-subjects',
      'holdout-subjects',
      'seed',
      'html',
      'save-json',
    ],
  );
  const key = a.one('key') as string;
  const order = a.one('order');
  const realPath = a.one('real');
  const synthPath = a.one('synth');
  if (!realPath || !synthPath)
    throw new UsageError('Give both --real EVENTS.csv and --synth SYNTH_EVENTS.csv.');
  if (a.has('real-subjects') !== a.has('synth-subjects'))
    throw new UsageError('Give both --real-subjects and --synth-subjects, or neither.');
  const load = (p: string | null, what: string) => (p ? loadCells(p, what) : null);
  const realEvents = loadCells(realPath, 'real events');
  const realSubjects = load(a.one('real-subjects'), 'real subjects');
  const real = tableOrThrow(readEntities(realEvents, realSubjects, { key, order }), 'real');
  const sameShape = { key, order, subjectColumns: realSubjects ? undefined : real.subjectColumns };
  const synthEvents = loadCells(synthPath, 'synthetic events');
  const synthSubjects = load(a.one('synth-subjects'), 'synthetic subjects');
  const synth = tableOrThrow(
    readEntities(synthEvents, synthSubjects, {
      ...sameShape,
      dropOrphans: true,
      keepFirstDuplicate: true,
      dropMissingKeys: true,
      unparseableOrderAsMissing: true,
    }),
    'synthetic',
  );
  const holdoutPath = a.one('holdout');
  const holdout = holdoutPath
    ? tableOrThrow(
        readEntities(
          loadCells(holdoutPath, 'holdout events'),
          load(a.one('holdout-subjects'), 'holdout subjects'),
          {
            key,
            order,
            subjectColumns: a.has('holdout-subjects') ? undefined : real.subjectColumns,
          },
        ),
        'holdout',
      )
    : null;
  const synthKeys = synthSubjects?.columns[synthSubjects.names.indexOf(key)] ?? [];
  const report = evaluateSequences({
    real,
    synth,
    holdout,
    seed: a.int('seed', 0),
    integrity: linkedShare(synthEvents, synthSubjects, key),
    writtenOrder: orderAsWrittenShare(synthEvents, key, order),
    subjectKeysUnique: synthSubjects ? new Set(synthKeys).size === synthKeys.length : true,
    skipEntityLevel: flags.has('--no-detection'),
  });
  const json = sequenceReportJson(report);
  const text = JSON.stringify(
    json,
    (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v),
    1,
  );
  const html = a.one('html');
  if (html) writeFileSync(html, sequenceReportToHtml(report, `Evaluation of ${synthPath}`));
  const saveJson = a.one('save-json');
  if (saveJson) writeFileSync(saveJson, `${text}\n`);
  if (flags.has('--json')) {
    process.stdout.write(`${text}\n`);
    return;
  }
  process.stdout.write(`${summaryLines(report).join('\n')}\n`);
}
