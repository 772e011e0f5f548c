/**
 * What the chosen model is made of on the user's own table, as plain data for the "How it
 * works" panel: per column its modes (the mode-specific normaliser's mixture, for CTGAN and
 * TVAE) or levels, the encoded width, the conditional vector and the networks' layer sizes.
 */
import type { Prepared, SynthesisConfig } from '../core/pipeline';
import { outputSpans } from '../core/data/data-transformer';
import { buildLayout } from '../core/data/spans';
import type { ModelColumn } from '../core/data/model-table';
import { modelEntry } from '../core/models/registry';
import type { ModelAnatomy, ColumnAnatomy } from './protocol';

const MAX_MODES_SHOWN = 10;

function plainColumn(c: ModelColumn, missing: number): ColumnAnatomy {
  return {
    name: c.name,
    type: c.type,
    modes: [],
    pointMasses: [],
    levels: c.type === 'discrete' ? c.levels.filter((l) => l !== null).length : 0,
    missingShare: missing,
    width: 0,
  };
}

function missingShareOf(c: ModelColumn): number {
  const n = c.type === 'numeric' ? c.values.length : c.codes.length;
  if (n === 0) return 0;
  let m = 0;
  if (c.type === 'numeric') for (const v of c.values) m += Number.isNaN(v) ? 1 : 0;
  else for (const code of c.codes) m += c.levels[code] === null ? 1 : 0;
  return m / n;
}

/**
 * The anatomy of `config.model` on `prepared`: the data as the model sees it, so the training
 * table (with the constraints' rewrites, whose columns the transformer was fitted on).
 */
export function modelAnatomy(prepared: Prepared, config: SynthesisConfig): ModelAnatomy {
  const table = prepared.trainingTable;
  const columns = table.columns.map((c) => plainColumn(c, missingShareOf(c)));
  const base = {
    kind: config.model,
    rows: table.rows,
    columns,
    encodedWidth: null,
    conditionalWidth: null,
    networks: [],
    batchSize: null,
    latentWidth: null,
  };
  const transformer = prepared.transformer;
  if (!transformer) return base;
  const layout = buildLayout(outputSpans(transformer));
  transformer.columns.forEach((t) => {
    const col = columns.find((c) => c.name === t.name);
    if (!col) return;
    col.width = layout.spans.filter((s) => s.column === t.name).reduce((sum, s) => sum + s.dim, 0);
    if (t.type !== 'numeric') return;
    const m = t.normalizer.modes;
    col.modes = m.means
      .map((mean, k) => ({ mean, std: m.stds[k] ?? 0, weight: m.weights[k] ?? 0 }))
      .sort((a, b) => b.weight - a.weight)
      .slice(0, MAX_MODES_SHOWN);
    col.pointMasses = [...t.normalizer.pointMasses];
  });
  const nets = modelEntry(config.model).networks?.(
    { dataDim: layout.dataDim, condDim: layout.condDim },
    config,
  );
  if (!nets) return base;
  return {
    ...base,
    encodedWidth: layout.dataDim,
    conditionalWidth: nets.conditionalWidth,
    batchSize: nets.batchSize,
    latentWidth: nets.latentWidth,
    networks: nets.networks,
  };
}
