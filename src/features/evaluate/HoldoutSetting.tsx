/**
 * How many rows to set aside before training, so that privacy and utility can be checked
 * against real rows the model never saw. The split is seeded by the run's seed.
 */
export function HoldoutSetting(props: {
  percent: number;
  rows: number | null;
  disabled: boolean;
  onChange: (percent: number) => void;
}) {
  const held = props.rows === null ? null : Math.round((props.rows * props.percent) / 100);
  return (
    <div className="holdout-setting">
      <label>
        Holdout (%){' '}
        <input
          type="number"
          min={0}
          max={50}
          step={5}
          value={props.percent}
          disabled={props.disabled}
          onChange={(e) =>
            props.onChange(Math.max(0, Math.min(50, Math.round(Number(e.target.value) || 0))))
          }
        />
      </label>{' '}
      <span className="hint" data-testid="holdout-hint">
        {props.percent === 0
          ? 'No holdout: the model learns from every row, but the report cannot tell copying from generalising, and the utility test is run on a part of the training rows.'
          : `${held === null ? `${props.percent}% of the rows` : `${held.toLocaleString('en-US')} rows`} are set aside before training and used only to check privacy and utility.`}
      </span>
    </div>
  );
}
