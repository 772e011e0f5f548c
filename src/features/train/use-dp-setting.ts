/**
 * The train panel's differential privacy setting: the form's state, read for the chosen model
 * and the loaded table (its modelled columns and training rows, never its values).
 */
import { useMemo, useState } from 'react';
import { dpColumnsOf } from '../../core/privacy/budget-plan';
import type { ColumnSpec } from '../../core/types';
import type { ModelKind, SynthesisConfig } from '../../worker/engine-client';
import { dpActive, INITIAL_DP_FORM, readDpForm, type DpForm } from './dp-form';

export function useDpSetting(
  model: ModelKind,
  schemaColumns: readonly ColumnSpec[] | null | undefined,
  trainRows: number | null | undefined,
  initial: SynthesisConfig['privacy'] | undefined,
) {
  const [form, setForm] = useState<DpForm>(() =>
    initial
      ? {
          epsilonText: String(initial.epsilon),
          deltaText: String(initial.delta),
          facts: initial.publicFacts ?? {},
          enabled: true,
        }
      : INITIAL_DP_FORM,
  );
  const columns = useMemo(() => dpColumnsOf(schemaColumns ?? []), [schemaColumns]);
  const dates = useMemo(
    () => new Set((schemaColumns ?? []).filter((c) => c.kind === 'datetime').map((c) => c.name)),
    [schemaColumns],
  );
  const rows = Math.max(1, trainRows ?? 1);
  const reading = dpActive(form, model) ? readDpForm(form, model, columns, rows) : null;
  /** `config` with the run's privacy setting, for the chosen model under DP. */
  const withPrivacy = (config: SynthesisConfig): SynthesisConfig =>
    config.model === model && reading?.settings ? { ...config, privacy: reading.settings } : config;
  return { form, setForm, columns, dates, rows, reading, withPrivacy };
}
