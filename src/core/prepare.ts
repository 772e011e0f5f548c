/**
 * Data made ready for a model: the codec and the model-form table fitted on the training rows,
 * the constraints' rewrites, and the mode-specific encoding for models that learn it (the
 * registry says which).
 */
import { encodeTable, fitTransformer, outputSpans } from './data/data-transformer';
import { buildLayout } from './data/spans';
import { fitCodec, toModelTable } from './data/table-codec';
import type { Prepared, SynthesisConfig } from './models/contract';
import type { EncodedTable } from './models/common/neural';
import { DpRefusal } from './privacy/budget';
import { modelEntry } from './models/registry';
import { Rng } from './rng';
import { fitConstraintPlan, transformForTraining } from './rules/constraint-plan';
import type { RawTable, Schema } from './types';

const now = () => performance.now();

/**
 * Fits the codec (and, for models that learn the mode-specific encoding, the transformer) on
 * the training rows and encodes them.
 *
 * @param rows indices of the training rows in `raw` (the rest may be a holdout); default all
 */
export function prepare(
  raw: RawTable,
  schema: Schema,
  config: SynthesisConfig,
  rows?: Int32Array,
): Prepared {
  const started = now();
  const rng = new Rng(config.seed);
  const entry = modelEntry(config.model);
  const underDp =
    entry.differentialPrivacy === true && (config.privacy !== undefined || !entry.privacyOptional);
  if (underDp && config.constraints && config.constraints.length > 0)
    throw new DpRefusal(
      'Rules cannot be kept under differential privacy yet: checking them reads the rows without noise. Train without rules, or with another model.',
    );
  // under differential privacy no level is folded by how often it occurs: the noisy threshold
  // of the model's own budget decides
  const fitSchema = underDp
    ? { ...schema, columns: schema.columns.map((c) => ({ ...c, topK: null })) }
    : schema;
  const codec = fitCodec(raw, fitSchema, rows);
  const table = toModelTable(codec, raw, rows);
  // A constraint that does not fit the columns throws a ConstraintError in the user's words.
  const fitted =
    config.constraints && config.constraints.length > 0
      ? fitConstraintPlan(config.constraints, raw, schema, codec, table)
      : null;
  const plan = fitted?.plan ?? null;
  const trainingTable = plan ? transformForTraining(plan, table) : table;
  const base = { codec, table, trainingTable, plan, checks: fitted?.checks ?? [] };
  if (entry.encoding !== 'mode-specific' || trainingTable.columns.length === 0) {
    return { ...base, transformer: null, encoded: null, fitSeconds: (now() - started) / 1000 };
  }
  const transformer = fitTransformer(trainingTable, rng.fork());
  const layout = buildLayout(outputSpans(transformer));
  const matrix = encodeTable(transformer, trainingTable, rng.fork());
  const encoded: EncodedTable = { rows: trainingTable.rows, layout, matrix };
  return { ...base, transformer, encoded, fitSeconds: (now() - started) / 1000 };
}
