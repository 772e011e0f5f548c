/** The first rows of a generated table (at most `limit`), with its header. */
export function PreviewTable(props: {
  label: string;
  names: readonly string[];
  rows: readonly (readonly string[])[];
  limit?: number;
}) {
  const rows = props.rows.slice(0, props.limit ?? PREVIEW_LIMIT);
  return (
    <div className="table-scroll preview-table">
      <table aria-label={props.label}>
        <thead>
          <tr>
            {props.names.map((n) => (
              <th key={n} scope="col">
                {n}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              {r.map((v, j) => (
                <td key={j}>{v}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Rows a preview shows unless told otherwise. */
export const PREVIEW_LIMIT = 20;
