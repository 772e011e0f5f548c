/** A seed field: a whole number of 0 or more, whatever is typed (blank or junk reads as 0). */
export function SeedInput(props: {
  value: number;
  onChange: (seed: number) => void;
  /** Narrow, for a seed beside a button. */
  narrow?: boolean;
}) {
  return (
    <input
      type="number"
      min={0}
      step={1}
      value={props.value}
      onChange={(e) => props.onChange(Math.max(0, Math.floor(Number(e.target.value) || 0)))}
      {...(props.narrow ? { style: { width: '6rem' } } : {})}
    />
  );
}
