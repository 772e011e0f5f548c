import type { ReadReport } from '../../core/types';
import { Alert } from '../../ui/Alert';
import { formatBytes, formatCount } from '../../ui/format';

const DELIMITER_NAMES: Record<string, string> = {
  ',': 'comma',
  ';': 'semicolon',
  '\t': 'tab',
  '|': 'vertical bar',
};

function lineList(lines: readonly number[], total: number): string {
  const shown = lines.slice(0, 12).join(', ');
  return total > 12 ? `${shown} and ${formatCount(total - 12)} more` : shown;
}

/** What the reader found and did: delimiter, row count, and every repair it made, said plainly. */
export function ReadSummary(props: {
  name: string;
  fileBytes: number;
  report: ReadReport;
  columns: number;
  seconds: number;
}) {
  const r = props.report;
  const padded = r.raggedRows.filter((x) => x.action === 'padded');
  const setAside = r.raggedRows.filter((x) => x.action === 'set-aside');
  return (
    <div className="read-summary">
      <p data-testid="read-summary">
        <strong>{props.name}</strong>: {formatCount(r.rowCount)} rows × {props.columns} columns (
        {formatBytes(props.fileBytes)}), separated by{' '}
        {DELIMITER_NAMES[r.delimiter] ?? JSON.stringify(r.delimiter)}
        {r.lineEnding === '\r\n' ? ', Windows line endings' : ''}
        {r.hadBom ? ', with a byte-order mark' : ''}; read in {props.seconds.toFixed(1)} s.
        {r.blankLinesSkipped > 0 && ` ${formatCount(r.blankLinesSkipped)} blank lines skipped.`}
      </p>
      {r.renamedHeaders.length > 0 && (
        <Alert tone="info" title="Some columns were renamed">
          <ul>
            {r.renamedHeaders.map((h) => (
              <li key={h.index}>
                Column {h.index + 1}
                {h.original.trim() === ''
                  ? ' had no name'
                  : ` repeats the name "${h.original.trim()}"`}
                ; it is now called <strong>{h.renamed}</strong>.
              </li>
            ))}
          </ul>
        </Alert>
      )}
      {padded.length > 0 && (
        <Alert tone="warning" title="Some rows are short">
          {formatCount(r.raggedRowCount - r.setAsideRowCount)} rows have fewer fields than the
          header; their missing fields are treated as missing values. Lines:{' '}
          {lineList(
            padded.map((x) => x.line),
            r.raggedRowCount - r.setAsideRowCount,
          )}
          .
        </Alert>
      )}
      {setAside.length > 0 && (
        <Alert tone="warning" title="Some rows were set aside">
          {formatCount(r.setAsideRowCount)} rows have more fields than the header, so their values
          cannot be placed in the right columns. They are not in the table. Lines:{' '}
          {lineList(
            setAside.map((x) => x.line),
            r.setAsideRowCount,
          )}
          .
        </Alert>
      )}
      {r.warnings.map((w) => (
        <Alert key={w} tone="warning">
          {w}
        </Alert>
      ))}
    </div>
  );
}
