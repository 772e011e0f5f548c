/**
 * Headless synthesis over the same core as the app:
 *   npm run synth -- --data IN.csv --model ctgan|tvae|copula|argn|cart --epochs N --rows N
 *                    --seed N --out OUT.csv [--backend wasm|cpu] [--save MODEL] [--load MODEL]
 *                    [--batch N] [--temperature T] [--type COL=KIND ...]
 *                    [--constraints SPEC.json] [--where COLUMN=VALUE ...]
 *                    [--epsilon E --delta D --public-bounds SPEC.json (mst, argn)] [--target COL (mst)]
 *   npm run synth -- --rules RULES.json --rows N --out OUT.csv [--seed N]
 *   npm run synth -- --data EVENTS.csv --key COL ...   entities with events (see synth-sequence.ts)
 * Progress goes to stderr; bad input exits non-zero with a clear message.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { readCsvText } from '../core/data/csv-reader';
import { writeCsv } from '../core/data/csv-writer';
import { applyOverrides, inferSchema } from '../core/data/schema-inference';
import { parseModel, serializeModel } from '../core/io/model-file';
import {
  prepare,
  Synthesis,
  type ModelKind,
  type Prepared,
  type SampledRows,
  type SynthesisConfig,
} from '../core/pipeline';
import { MODEL_KINDS, isModelKind, modelEntry } from '../core/models/registry';
import { planWithoutData } from '../core/rules/constraint-plan';
import type { Condition } from '../core/rules/conditions';
import type { Constraint } from '../core/rules/constraints';
import { COLUMN_KINDS, type ColumnKind, type ColumnOverride } from '../core/types';
import { startNodeBackend, type NodeBackend } from './node-backend';
import { readThreads, THREADS_USAGE, type ThreadsChoice } from './threads-option';
import { dpLines, dpSettings, DP_USAGE, readDpOptions, type DpRequest } from './dp-options';
import { parseArgs, UsageError } from './args';
import { isSequenceMode } from './score-sequence';
import { runSequenceSynth, SEQUENCE_SYNTH_USAGE } from './synth-sequence';
import {
  constraintLines,
  isRulesMode,
  optionError,
  parseWhere,
  readConstraintsFile,
  RULES_USAGE,
  runRulesOnly,
} from './rules';

/** The models, in words: "ctgan, tvae, copula, argn or cart". */
const modelChoices = (last: string) =>
  `${MODEL_KINDS.slice(0, -1).join(', ')}${last}${MODEL_KINDS.at(-1) ?? ''}`;

const USAGE = `Usage: npm run synth -- --data IN.csv --model ${MODEL_KINDS.join('|')} --epochs N --rows N --seed N --out OUT.csv
         [--backend wasm|cpu] [--threads N] [--save MODEL.json] [--load MODEL.json] [--batch N] [--temperature T (argn)]
         [--minutes N] [--type COLUMN=KIND ...] [--constraints SPEC.json] [--where COLUMN=VALUE ...]
  --epochs defaults to 300, and for argn to 100 (the most: it stops early when its validation loss stops falling).
  --minutes caps training time (no epoch starts after it); argn defaults to 9, the others to no cap.
  --constraints takes a Facsimile spec or an SDV constraint list; the model learns under them (saved with it).
    With --load they are added to the model's own and met by drawing again.
  --where COLUMN=VALUE (repeatable) generates only rows with that value (CTGAN and ARGN condition natively).
${THREADS_USAGE}
${DP_USAGE}
${RULES_USAGE}`;

interface Options {
  data: string | null;
  model: ModelKind;
  epochs: number;
  rows: number;
  seed: number;
  out: string | null;
  backend: NodeBackend;
  threads: ThreadsChoice;
  save: string | null;
  load: string | null;
  batch: number | null;
  temperature: number;
  minutes: number | null;
  types: Record<string, ColumnOverride>;
  constraints: Constraint[];
  where: Condition[];
  dp: DpRequest | null;
}

function readOptions(argv: readonly string[]): Options {
  const a = parseArgs(
    argv,
    [
      'data',
      'model',
      'epochs',
      'rows',
      'seed',
      'out',
      'backend',
      'threads',
      'save',
      'load',
      'batch',
      'temperature',
      'minutes',
      'constraints',
      'epsilon',
      'delta',
      'public-bounds',
      'target',
    ],
    ['type', 'where'],
  );
  const model = a.one('model') ?? 'ctgan';
  if (!isModelKind(model))
    throw new UsageError(`--model must be ${modelChoices(' or ')}, not "${model}".`);
  const temperature = Number(a.one('temperature') ?? '1');
  if (!(temperature > 0) || !Number.isFinite(temperature))
    throw new UsageError(`--temperature must be a number above 0, not "${a.one('temperature')}".`);
  const backend = (a.one('backend') ?? 'wasm') as NodeBackend;
  if (!['wasm', 'cpu'].includes(backend))
    throw new UsageError(`--backend must be wasm or cpu, not "${backend}".`);
  const types: Record<string, ColumnOverride> = {};
  for (const t of a.many('type')) {
    const [column, kind] = t.split('=');
    if (!column || !kind || !COLUMN_KINDS.includes(kind as ColumnKind)) {
      throw new UsageError(
        `--type takes COLUMN=KIND with KIND one of ${COLUMN_KINDS.join(', ')}; got "${t}".`,
      );
    }
    types[column] = { kind: kind as ColumnKind };
  }
  const options: Options = {
    data: a.one('data'),
    model,
    epochs: a.int('epochs', modelEntry(model).presets.best),
    rows: a.int('rows', 1000),
    seed: a.int('seed', 0),
    out: a.one('out'),
    backend,
    threads: readThreads(a),
    save: a.one('save'),
    load: a.one('load'),
    batch: a.has('batch') ? a.int('batch', 500) : null,
    temperature,
    minutes: a.has('minutes') ? a.int('minutes', 9) : model === 'argn' ? 9 : null,
    types,
    constraints: a.one('constraints') ? readConstraintsFile(a.one('constraints') as string) : [],
    where: parseWhere(a.many('where')),
    dp: readDpOptions(a, model),
  };
  if (!options.load && !options.data)
    throw new UsageError(
      'Give --data IN.csv to train, or --load MODEL to sample from a saved model.',
    );
  if (!options.out && !options.save)
    throw new UsageError('Give --out OUT.csv (and/or --save MODEL).');
  return options;
}

function progress(line: string): void {
  process.stderr.write(`${line}\n`);
}

function configOf(o: Options): SynthesisConfig {
  const batch = o.batch !== null ? { batchSize: o.batch } : {};
  return {
    model: o.model,
    epochs: o.epochs,
    seed: o.seed,
    ...(o.minutes !== null ? { maxSeconds: o.minutes * 60 } : {}),
    ...(o.constraints.length > 0 ? { constraints: o.constraints } : {}),
    ctgan: batch,
    tvae: batch,
    argn: batch,
    ...(o.dp?.target ? { mst: { target: o.dp.target } } : {}),
  };
}

/** Fits the codec, the constraints and the encoding; tells what the real rows break. */
function prepareData(o: Options, config: SynthesisConfig): Prepared {
  let text: string;
  try {
    text = readFileSync(o.data as string, 'utf8');
  } catch {
    throw new UsageError(`Cannot read ${o.data}: check the path.`);
  }
  const { table, report } = readCsvText(text);
  for (const w of report.warnings) progress(`warning: ${w}`);
  const schema = applyOverrides(inferSchema(table), o.types);
  if (o.dp) config.privacy = dpSettings(o.dp, table.rowCount);
  for (const note of o.dp?.factNotes ?? []) progress(`public facts: ${note}`);
  progress(
    `read ${table.rowCount} rows x ${table.names.length} columns; kinds: ${schema.columns.map((c) => `${c.name}=${c.kind}`).join(', ')}`,
  );
  let prepared: Prepared;
  try {
    prepared = prepare(table, schema, config);
  } catch (e) {
    throw optionError('--constraints', e);
  }
  if (prepared.plan)
    for (const line of constraintLines(prepared.plan, prepared.checks)) progress(line);
  progress(
    `prepared in ${prepared.fitSeconds.toFixed(2)} s (encoded width ${prepared.encoded?.layout.dataDim ?? '-'})`,
  );
  return prepared;
}

/** The trained synthesis; with --constraints its plan was fitted on the same data. */
async function train(o: Options): Promise<Synthesis> {
  const config = configOf(o);
  const prepared = prepareData(o, config);
  const run = Synthesis.train(prepared, config, { lossEvery: 10 });
  let last = Date.now();
  const started = performance.now();
  for (;;) {
    const next = await run.next();
    if (next.done) {
      progress(`trained in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      for (const line of dpLines(next.value.privacy, o.dp)) progress(line);
      return next.value;
    }
    const r = next.value;
    if (r.epochEnd || Date.now() - last > 5000) {
      last = Date.now();
      const losses = r.losses
        ? Object.entries(r.losses)
            .map(([k, v]) => `${k} ${v.toFixed(4)}`)
            .join(', ')
        : '';
      const validation =
        typeof r.validationLoss === 'number' ? `, validation ${r.validationLoss.toFixed(4)}` : '';
      progress(
        `epoch ${r.epoch}/${r.epochs} step ${r.step}/${r.stepsPerEpoch}` +
          (r.lastEpochSeconds !== null ? `, ${r.lastEpochSeconds.toFixed(2)} s/epoch` : '') +
          `, ${Math.round(r.rowsPerSecond)} rows/s, ${Math.round(r.secondsLeft ?? 0)} s left${losses ? `; ${losses}` : ''}${validation}` +
          (r.stoppedEarly ? ' (stopped early: no validation gain)' : ''),
      );
    }
  }
}

/**
 * The rows to write: a plain draw, or rows that keep every constraint (the model's own and,
 * with --load, --constraints) and every --where condition.
 */
async function sampleOut(o: Options, synthesis: Synthesis): Promise<SampledRows> {
  const extra = o.load ? o.constraints : [];
  if (extra.length > 0) {
    // A loaded model learned without these: told now if one cannot be met without the data.
    try {
      planWithoutData(extra, synthesis.codec);
    } catch (e) {
      throw optionError('--constraints', e);
    }
  }
  try {
    return await synthesis.sampleRows(o.rows, o.seed + 1, undefined, {
      ...(o.temperature !== 1 ? { temperature: o.temperature } : {}),
      conditions: o.where,
      constraints: extra,
    });
  } catch (e) {
    throw optionError('--where', e);
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (isSequenceMode(argv)) {
    await runSequenceSynth(argv);
    return;
  }
  if (isRulesMode(argv)) {
    await runRulesOnly(argv, progress);
    return;
  }
  const o = readOptions(argv);
  const backend = await startNodeBackend(o.backend, o.threads.threads);
  progress(`backend: ${backend}${o.threads.auto ? ` (--threads auto: ${o.threads.auto})` : ''}`);
  const synthesis = o.load
    ? await Synthesis.fromFile(parseModel(readFileSync(o.load, 'utf8')))
    : await train(o);
  if (o.load && synthesis.plan)
    progress(`constraints saved with the model: ${synthesis.plan.constraints.length}`);
  if (o.save) {
    writeFileSync(o.save, serializeModel(await synthesis.toFile()));
    progress(`saved the model to ${o.save}`);
  }
  if (o.out) {
    const started = performance.now();
    const { names, rows, message } = await sampleOut(o, synthesis);
    if (message) progress(`warning: ${message}`);
    writeFileSync(o.out, writeCsv(names, rows, { neutraliseFormulas: true }));
    progress(
      `wrote ${rows.length} rows to ${o.out} in ${((performance.now() - started) / 1000).toFixed(2)} s`,
    );
  }
  synthesis.dispose();
}

main().catch((e: unknown) => {
  if (e instanceof UsageError) {
    const usage = isSequenceMode(process.argv.slice(2)) ? SEQUENCE_SYNTH_USAGE : USAGE;
    process.stderr.write(`${e.message}\n${usage}\n`);
    process.exit(2);
  }
  process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
