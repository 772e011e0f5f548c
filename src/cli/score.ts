/**
 * Scores a synthetic table against the real one with the same core as the app's Evaluate page:
 *   npm run score -- --real R.csv --synth S.csv [--holdout H.csv] [--target COL] [--json]
 *                    [--seed N] [--max-rows-dcr N] [--type COL=KIND ...] [--html OUT.html]
 *                    [--save-json OUT.json] [--no-privacy] [--no-utility] [--no-detection]
 *                    [--attacks [--secret COL ...] [--attack-count N] [--link-a C,C --link-b C,C] [--neighbours K]]
 * Column kinds are inferred from the real rows (as the app does) and can be corrected with
 * --type. Bad input exits non-zero with a clear message.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { readCsvText } from '../core/data/csv-reader';
import { applyOverrides, inferSchema } from '../core/data/schema-inference';
import { evalTables } from '../core/eval/eval-tables';
import { attackSentences } from '../core/eval/attacks/attack-sentences';
import { DEFAULT_ATTACKS } from '../core/eval/attacks/privacy-attacks';
import { evaluate, type AttackSettings, type EvaluationReport } from '../core/eval/evaluate';
import { DEFAULT_MAX_DCR_ROWS } from '../core/eval/privacy';
import { reportToHtml } from '../core/io/report-html';
import { reportToJson } from '../core/io/report-json';
import { COLUMN_KINDS, type ColumnKind, type ColumnOverride, type RawTable } from '../core/types';
import { parseArgs, UsageError } from './args';

const USAGE = `Usage: npm run score -- --real REAL.csv --synth SYNTH.csv [--holdout HOLDOUT.csv] [--target COLUMN] [--json]
         [--seed N] [--max-rows-dcr N] [--type COLUMN=KIND ...] [--html OUT.html] [--save-json OUT.json]
         [--no-privacy] [--no-utility] [--no-detection]
         [--attacks [--secret COLUMN ...] [--attack-count N] [--link-a COL,COL --link-b COL,COL] [--neighbours K]]`;

const FLAGS = ['json', 'no-privacy', 'no-utility', 'no-detection', 'attacks'] as const;

interface Options {
  real: string;
  synth: string;
  holdout: string | null;
  target: string | null;
  seed: number;
  maxDcrRows: number;
  types: Record<string, ColumnOverride>;
  html: string | null;
  saveJson: string | null;
  flags: Set<(typeof FLAGS)[number]>;
  attacks: AttackSettings | null;
}

const columnList = (text: string) =>
  text
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '');

/** The attack settings of the command line, or null without --attacks. */
function attackOptions(a: ReturnType<typeof parseArgs>, on: boolean): AttackSettings | null {
  const secrets = a.many('secret');
  const linkA = a.one('link-a');
  const linkB = a.one('link-b');
  const given =
    secrets.length > 0 ||
    linkA !== null ||
    linkB !== null ||
    a.one('attack-count') !== null ||
    a.one('neighbours') !== null;
  if (!on) {
    if (given)
      throw new UsageError(
        '--secret, --attack-count, --link-a, --link-b and --neighbours go with --attacks.',
      );
    return null;
  }
  if ((linkA === null) !== (linkB === null)) {
    throw new UsageError(
      'Give both --link-a and --link-b (the two column sets the attacker holds), or neither.',
    );
  }
  const count = a.one('attack-count');
  const settings: AttackSettings = { secrets };
  // without --attack-count: 2,000 attacks, or as many as the rows allow
  if (count !== null) settings.attacks = a.int('attack-count', DEFAULT_ATTACKS);
  if (a.one('neighbours') !== null) settings.neighbours = a.int('neighbours', 1);
  if (linkA !== null && linkB !== null)
    settings.linkColumns = [columnList(linkA), columnList(linkB)];
  return settings;
}

function readOptions(argv: readonly string[]): Options {
  const flags = new Set<(typeof FLAGS)[number]>();
  const rest = argv.filter((arg) => {
    const flag = FLAGS.find((f) => arg === `--${f}`);
    if (flag) flags.add(flag);
    return !flag;
  });
  const a = parseArgs(
    rest,
    [
      'real',
      'synth',
      'holdout',
      'target',
      'seed',
      'max-rows-dcr',
      'html',
      'save-json',
      'attack-count',
      'link-a',
      'link-b',
      'neighbours',
    ],
    ['type', 'secret'],
  );
  const real = a.one('real');
  const synth = a.one('synth');
  if (!real || !synth) throw new UsageError('Give both --real REAL.csv and --synth SYNTH.csv.');
  const types: Record<string, ColumnOverride> = {};
  for (const t of a.many('type')) {
    const at = t.lastIndexOf('=');
    const column = t.slice(0, at);
    const kind = t.slice(at + 1);
    if (at <= 0 || !COLUMN_KINDS.includes(kind as ColumnKind)) {
      throw new UsageError(
        `--type takes COLUMN=KIND with KIND one of ${COLUMN_KINDS.join(', ')}; got "${t}".`,
      );
    }
    types[column] = { kind: kind as ColumnKind };
  }
  const maxDcrRows = a.int('max-rows-dcr', DEFAULT_MAX_DCR_ROWS);
  if (maxDcrRows < 1) throw new UsageError('--max-rows-dcr must be at least 1.');
  return {
    real,
    synth,
    holdout: a.one('holdout'),
    target: a.one('target'),
    seed: a.int('seed', 0),
    maxDcrRows,
    types,
    html: a.one('html'),
    saveJson: a.one('save-json'),
    flags,
    attacks: attackOptions(a, flags.has('attacks')),
  };
}

function load(path: string, what: string): { table: RawTable; warnings: string[] } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`Cannot read the ${what} file ${path}: check the path.`);
  }
  const { table, report } = readCsvText(text);
  if (table.rowCount === 0) throw new UsageError(`The ${what} file ${path} has no rows.`);
  return { table, warnings: report.warnings.map((w) => `${what}: ${w}`) };
}

const f3 = (x: number | null | undefined) =>
  x === null || x === undefined || !Number.isFinite(x) ? '-' : x.toFixed(3);

/** The report as a few readable lines for the terminal. */
function summary(r: EvaluationReport): string {
  const lines = [
    `quality ${f3(r.quality.overall)}  (column shapes ${f3(r.quality.columnShapes)}, column pair trends ${f3(r.quality.columnPairTrends)})`,
    'worst columns: ' +
      r.quality.columns
        .slice(0, 5)
        .map((c) => `${c.column} ${f3(c.score)}`)
        .join(', '),
    'worst pairs: ' +
      r.quality.pairs
        .slice(0, 5)
        .map((p) => `${p.a} x ${p.b} ${f3(p.score)}`)
        .join(', '),
  ];
  const p = r.privacy;
  if (p) {
    lines.push(
      `privacy: ${p.verdict.level}. ${p.verdict.text}`,
      `  exact copies ${p.exactCopies} (${f3(p.exactCopyShare)}), DCR median ${f3(p.dcrMedian)}` +
        (p.holdoutDcrMedian !== null ? ` (holdout ${f3(p.holdoutDcrMedian)})` : '') +
        (p.closerToTrainShare !== null ? `, closer to train ${f3(p.closerToTrainShare)}` : '') +
        `, NNDR median ${f3(p.nndrMedian)}`,
      ...p.verdict.flags.map((f) => `  - ${f}`),
      `  ${p.verdict.caveat}`,
    );
  }
  if (r.privacyAttacks) {
    lines.push('privacy attacks:');
    for (const s of attackSentences(r.privacyAttacks)) {
      lines.push(`  ${s.title}: ${s.text}`);
      if (s.result.warning) lines.push(`    warning: ${s.result.warning}`);
    }
  }
  if (r.privacyAttacksError) lines.push(`privacy attacks not run: ${r.privacyAttacksError}`);
  if (r.utility) {
    lines.push(`ML utility (target ${r.utility.target}, ${r.utility.task}):`);
    for (const m of r.utility.models) {
      lines.push(
        `  ${m.model}: synthetic ${JSON.stringify(m.synthetic)}  real ${JSON.stringify(m.real)}`,
      );
    }
  }
  if (r.detection) lines.push(`detection AUC ${f3(r.detection.auc)} (0.5 = indistinguishable)`);
  for (const note of r.notes ?? []) lines.push(`note: ${note}`);
  return lines.join('\n');
}

function main(): void {
  const o = readOptions(process.argv.slice(2));
  const real = load(o.real, 'real');
  const synth = load(o.synth, 'synthetic');
  const holdout = o.holdout ? load(o.holdout, 'holdout') : null;
  for (const c of Object.keys(o.types)) {
    if (!real.table.names.includes(c))
      throw new UsageError(`--type: the real file has no column "${c}".`);
  }
  const schema = applyOverrides(inferSchema(real.table), o.types);
  const tables = evalTables({
    real: real.table,
    synth: synth.table,
    holdout: holdout?.table ?? null,
    schema,
  });
  if (o.target !== null && !tables.train.columns.some((c) => c.name === o.target)) {
    throw new UsageError(
      `--target: "${o.target}" is not a scored column of the real file (scored: ${tables.train.columns.map((c) => c.name).join(', ')}).`,
    );
  }
  const started = performance.now();
  const report = evaluate({
    train: tables.train,
    synth: tables.synth,
    holdout: tables.holdout,
    target: o.target,
    seed: o.seed,
    maxDcrRows: o.maxDcrRows,
    skip: {
      privacy: o.flags.has('no-privacy'),
      utility: o.flags.has('no-utility'),
      detection: o.flags.has('no-detection'),
    },
    attacks: o.attacks,
    settings: {
      kinds: Object.fromEntries(
        schema.columns.map((c) => [c.name, c.excluded ? 'excluded' : c.kind]),
      ),
      maxDcrRows: o.maxDcrRows,
    },
  });
  const warnings = [
    ...real.warnings,
    ...synth.warnings,
    ...(holdout?.warnings ?? []),
    ...tables.warnings,
  ];
  report.notes = [...warnings, ...(report.notes ?? [])];
  const files = { real: o.real, synth: o.synth, holdout: o.holdout };
  const seconds = (performance.now() - started) / 1000;
  if (o.saveJson) writeFileSync(o.saveJson, reportToJson(report, { files }));
  if (o.html) writeFileSync(o.html, reportToHtml(report, { title: `Evaluation of ${o.synth}` }));
  if (o.flags.has('json')) process.stdout.write(`${reportToJson(report, { files })}\n`);
  else process.stdout.write(`${summary(report)}\n(scored in ${seconds.toFixed(1)} s)\n`);
  if (report.privacyAttacksError && o.flags.has('json')) {
    process.stderr.write(`privacy attacks not run: ${report.privacyAttacksError}\n`);
  }
}

try {
  main();
} catch (e: unknown) {
  if (e instanceof UsageError) {
    process.stderr.write(`${e.message}\n${USAGE}\n`);
    process.exit(2);
  }
  process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
}
