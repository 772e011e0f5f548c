import type { EncodingFix } from '../../core/data/encoding-warnings';
import {
  estimateTrainingMemory,
  formatMemory,
  memoryBudget,
  memoryRefusal,
  type MemoryFix,
  type MemoryRefusal,
} from '../../core/memory-estimate';
import type { Schema } from '../../core/types';
import type { SynthesisConfig } from '../../worker/engine-client';
import { Alert } from '../../ui/Alert';

/** Training rows a run would use: the table less the holdout, at most `config.trainRows`. */
function trainingRows(rowCount: number, holdoutShare: number, config: SynthesisConfig): number {
  const held = Math.max(0, Math.min(rowCount - 1, Math.round(rowCount * holdoutShare)));
  const rows = rowCount - held;
  return config.trainRows !== undefined ? Math.min(rows, config.trainRows) : rows;
}

/**
 * The page's check before it asks the engine to train (the engine checks again): null when
 * the run fits this device's memory, else the refusal with its estimate and fixes.
 */
export function checkTrainingMemory(
  schema: Schema,
  rowCount: number,
  holdoutShare: number,
  config: SynthesisConfig,
): MemoryRefusal | null {
  const rows = trainingRows(rowCount, holdoutShare, config);
  const device = (navigator as { deviceMemory?: number }).deviceMemory;
  return memoryRefusal(
    schema,
    estimateTrainingMemory(schema, rows, config.model),
    memoryBudget(device),
  );
}

/** The refusal, with one button per fix; a fix changes the schema or the rows, then the user trains again. */
export function MemoryRefusalAlert(props: {
  refusal: MemoryRefusal;
  onColumnFix: (column: string, fix: EncodingFix) => void;
  onRowsFix: (rows: number) => void;
  onDismiss: () => void;
}) {
  const apply = (f: MemoryFix) =>
    f.type === 'column' ? props.onColumnFix(f.column, f.fix) : props.onRowsFix(f.rows);
  return (
    <Alert tone="warning" title="This table is too large to train here" onDismiss={props.onDismiss}>
      <p data-testid="memory-refusal">{props.refusal.message}</p>
      {props.refusal.fixes.length > 0 && (
        <ul className="memory-fixes">
          {props.refusal.fixes.map((f) => (
            <li key={f.label}>
              <button type="button" onClick={() => apply(f)}>
                {f.label}
              </button>{' '}
              <span className="hint">
                then about {formatMemory(f.bytesAfter)}
                {f.bytesAfter <= props.refusal.budgetBytes ? ' (fits)' : ' (still too much)'}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Alert>
  );
}
