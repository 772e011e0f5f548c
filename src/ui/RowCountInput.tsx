/** The most rows one request makes (generation and tables made from rules alike). */
export const MAX_ROWS = 1_000_000;

/** A number of rows to make: whole, from 1 to MAX_ROWS, whatever is typed. */
export function RowCountInput(props: { value: number; onChange: (rows: number) => void }) {
  return (
    <input
      type="number"
      min={1}
      max={MAX_ROWS}
      value={props.value}
      onChange={(e) =>
        props.onChange(Math.min(MAX_ROWS, Math.max(1, Math.floor(Number(e.target.value) || 1))))
      }
    />
  );
}
