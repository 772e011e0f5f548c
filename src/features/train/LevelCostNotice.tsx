import type { EncodingFix } from '../../core/data/encoding-warnings';
import { levelCostNotices } from '../../core/level-cost';
import type { ModelKind } from '../../core/models/registry';
import type { Schema } from '../../core/types';
import { Alert } from '../../ui/Alert';

function fixLabel(fix: EncodingFix): string {
  if (fix.type === 'top-k') return `Keep the ${fix.k} most frequent`;
  return fix.kind === 'identifier' ? 'Treat as identifier' : 'Treat as free text';
}

/**
 * Columns of many levels and what they cost the chosen model, shown before training (with the
 * fixes) and while it runs (so a slow run says why).
 */
export function LevelCostNotice(props: {
  schema: Schema | null | undefined;
  model: ModelKind;
  /** Training: the fixes change the schema, so they wait for the run to end. */
  locked: boolean;
  onFix?: (column: string, fix: EncodingFix) => void;
}) {
  if (!props.schema) return null;
  const notices = levelCostNotices(props.schema, props.model);
  return (
    <>
      {notices.map((n) => (
        <Alert key={n.column} tone="info" title={`Why "${n.column}" slows training`}>
          <p data-testid="level-cost">{n.message}</p>
          {props.onFix && (
            <div className="button-row">
              {n.fixes.map((f) => (
                <button
                  key={fixLabel(f)}
                  type="button"
                  className="button"
                  disabled={props.locked}
                  onClick={() => props.onFix?.(n.column, f)}
                >
                  {fixLabel(f)}
                </button>
              ))}
            </div>
          )}
        </Alert>
      ))}
    </>
  );
}
