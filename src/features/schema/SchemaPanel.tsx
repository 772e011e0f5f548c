import { JsonFileButton } from '../../ui/JsonFileButton';
import { useState } from 'react';
import type { EncodingFix, EncodingWarning } from '../../core/data/encoding-warnings';
import type { ColumnKind, ColumnOverride, ColumnSpec } from '../../core/types';
import { COLUMN_KINDS } from '../../core/types';
import { Alert } from '../../ui/Alert';
import { formatCount, formatShare, formatValue } from '../../ui/format';
import { exportSdvMetadata, importSdvMetadata } from '../rules/sdv-schema';
import { KIND_LABELS } from './kind-labels';

export interface SchemaPanelProps {
  columns: ColumnSpec[];
  missingTokens: string[];
  warnings: EncodingWarning[];
  onKind: (column: string, kind: ColumnKind) => void;
  onExclude: (column: string, excluded: boolean) => void;
  onFix: (column: string, fix: EncodingFix) => void;
  onMissingTokens: (tokens: string[]) => void;
  /** Several kind changes at once (an imported SDV metadata file). */
  onOverrides: (changes: Record<string, ColumnOverride>) => void;
  /** The table's name without extension, for exported file names. */
  baseName: string;
}

/** SDV users bring their metadata (column sdtypes) with them, and take the schema back. */
function SdvMetadataControls(props: SchemaPanelProps) {
  const [note, setNote] = useState<{ error: boolean; text: string } | null>(null);
  return (
    <div className="sdv-metadata">
      <div className="button-row">
        <JsonFileButton
          label="Import SDV metadata"
          onNote={setNote}
          read={(f) =>
            importSdvMetadata(f, props.columns).then(({ overrides, warnings }) => {
              const n = Object.keys(overrides).length;
              if (n > 0) props.onOverrides(overrides);
              return [
                `${f.name}: ${n === 0 ? 'every column already has the type it gives' : `${n} column type${n === 1 ? '' : 's'} changed`}.`,
                ...warnings,
              ].join(' ');
            })
          }
        />
        <button
          type="button"
          className="button"
          onClick={() =>
            exportSdvMetadata(
              props.columns,
              props.missingTokens,
              `${props.baseName}.sdv-metadata.json`,
            )
          }
        >
          Export SDV metadata
        </button>
      </div>
      <p className="hint">
        SDV&apos;s single-table metadata JSON: column types (sdtypes) in, the types in force out.
      </p>
      {note && (
        <p className={note.error ? 'rules-error' : 'hint'} role={note.error ? 'alert' : undefined}>
          {note.text}
        </p>
      )}
    </div>
  );
}

function fixLabel(fix: EncodingFix): string {
  if (fix.type === 'top-k') return `Keep the ${fix.k} most frequent`;
  return fix.kind === 'identifier' ? 'Treat as identifier' : 'Treat as free text';
}

/** Parses the missing-token editor: comma-separated, `""` stands for an empty cell. */
export function parseTokens(text: string): string[] {
  const tokens = text
    .split(',')
    .map((t) => t.trim())
    .map((t) => (t === '""' ? '' : t));
  return [...new Set(tokens)];
}

function tokensText(tokens: readonly string[]): string {
  return tokens.map((t) => (t === '' ? '""' : t)).join(', ');
}

/** What the app understood of each column, with the controls to correct it. */
export function SchemaPanel(props: SchemaPanelProps) {
  const [tokenDraft, setTokenDraft] = useState(tokensText(props.missingTokens));
  return (
    <section className="schema-panel" aria-labelledby="schema-title">
      <h2 id="schema-title">2. Check what each column holds</h2>
      <p className="hint">
        Facsimile guessed each column&apos;s type from its values. Correct any guess; your choices
        are remembered in this browser for files with the same columns.
      </p>
      <EncodingWarnings warnings={props.warnings} onFix={props.onFix} />
      <form
        className="token-editor"
        onSubmit={(e) => {
          e.preventDefault();
          props.onMissingTokens(parseTokens(tokenDraft));
        }}
      >
        <label htmlFor="missing-tokens">Values that mean &ldquo;missing&rdquo;</label>
        <input
          id="missing-tokens"
          value={tokenDraft}
          onChange={(e) => setTokenDraft(e.target.value)}
          aria-describedby="missing-tokens-help"
        />
        <button type="submit" className="button">
          Apply
        </button>
        <span id="missing-tokens-help" className="hint">
          Comma-separated; &quot;&quot; is an empty cell.
        </span>
      </form>
      <SdvMetadataControls {...props} />
      <div className="table-scroll">
        <table className="schema-table">
          <thead>
            <tr>
              <th scope="col">Column</th>
              <th scope="col">Type</th>
              <th scope="col">Use</th>
              <th scope="col">Missing</th>
              <th scope="col">Distinct</th>
              <th scope="col">Min</th>
              <th scope="col">Max</th>
              <th scope="col">Decimals</th>
              <th scope="col">Notes</th>
            </tr>
          </thead>
          <tbody>
            {props.columns.map((c) => (
              <ColumnRow
                key={c.name}
                column={c}
                onKind={props.onKind}
                onExclude={props.onExclude}
              />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Columns that would blow up an encoding, each with its one-click fixes. */
function EncodingWarnings(props: Pick<SchemaPanelProps, 'warnings' | 'onFix'>) {
  return (
    <>
      {props.warnings.map((w) => (
        <Alert key={w.column} tone="warning" title="A column would blow up the model">
          <p>{w.message}</p>
          <div className="button-row">
            {w.fixes.map((f) => (
              <button
                key={fixLabel(f)}
                type="button"
                className="button"
                onClick={() => props.onFix(w.column, f)}
              >
                {fixLabel(f)}
              </button>
            ))}
          </div>
        </Alert>
      ))}
    </>
  );
}

/** One column of the schema: its type, whether it is used, and what was seen in it. */
function ColumnRow(props: {
  column: ColumnSpec;
  onKind: SchemaPanelProps['onKind'];
  onExclude: SchemaPanelProps['onExclude'];
}) {
  const { column: c } = props;
  return (
    <tr className={c.excluded ? 'excluded' : undefined} data-column={c.name}>
      <th scope="row">{c.name}</th>
      <td>
        <select
          aria-label={`${c.name} type`}
          value={c.kind}
          onChange={(e) => props.onKind(c.name, e.target.value as ColumnKind)}
          title={KIND_LABELS[c.kind].help}
        >
          {COLUMN_KINDS.map((k) => (
            <option key={k} value={k}>
              {KIND_LABELS[k].label}
              {k === c.inferredKind ? ' (detected)' : ''}
            </option>
          ))}
        </select>
      </td>
      <td>
        <input
          type="checkbox"
          aria-label={`Use ${c.name}`}
          checked={!c.excluded}
          onChange={(e) => props.onExclude(c.name, !e.target.checked)}
        />
      </td>
      <td>
        {formatShare(c.stats.missingShare)}
        {c.stats.missingTokens.length > 0 && (
          <span className="hint">
            {' '}
            ({c.stats.missingTokens.map((t) => JSON.stringify(t)).join(', ')})
          </span>
        )}
      </td>
      <td>{formatCount(c.stats.distinct)}</td>
      <td>{formatValue(c.stats.min, c.kind)}</td>
      <td>{formatValue(c.stats.max, c.kind)}</td>
      <td>{c.stats.decimals ?? '–'}</td>
      <td className="notes">
        {[
          ...c.notes,
          ...(c.topK !== null ? [`Keeping the ${c.topK} most frequent values.`] : []),
        ].join(' ')}
      </td>
    </tr>
  );
}
