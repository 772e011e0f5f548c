import { useCallback, useMemo } from 'react';
import { Heatmap } from '../../ui/Heatmap';
import type {
  AssociationMatrix,
  AssociationMethod,
  TrainSnapshot,
} from '../../worker/engine-client';

const METHOD: Record<AssociationMethod, string> = {
  pearson: "Pearson's r",
  'cramers-v': "Cramér's V",
  'correlation-ratio': 'correlation ratio',
};

/** Pair trends: heatmaps of the real, the synthetic and their difference. */
export function PairHeatmaps(props: {
  real: AssociationMatrix | null;
  snapshot: TrainSnapshot | null;
}) {
  const { real, snapshot } = props;
  const diff = useMemo(() => {
    if (!real || !snapshot) return null;
    return real.values.map((row, i) =>
      row.map((r, j) => (snapshot.synthPairs.values[i]?.[j] ?? NaN) - r),
    );
  }, [real, snapshot]);
  // stable identities, so the memoised heatmaps redraw only when a new snapshot arrives
  const describe = useCallback(
    (i: number, j: number) => METHOD[real?.methods[i]?.[j] ?? 'pearson'],
    [real],
  );
  const describeDiff = useCallback(
    (i: number, j: number) => `difference of ${describe(i, j)}`,
    [describe],
  );
  if (!real) return <p className="hint">Pair trends appear when training starts.</p>;
  return (
    <div className="pair-view">
      <p className="chart-help">
        Each cell is how strongly two columns move together (red positive, blue negative; Pearson
        for two numbers, Cramér&apos;s V or the correlation ratio when a category is involved): the
        synthetic map should look like the real one, so the difference map should fade to white.
      </p>
      <div className="heatmap-row">
        <Heatmap title="Real" columns={real.columns} values={real.values} describe={describe} />
        {snapshot && (
          <Heatmap
            title={`Synthetic (epoch ${snapshot.epoch})`}
            columns={snapshot.synthPairs.columns}
            values={snapshot.synthPairs.values}
            describe={describe}
          />
        )}
        {diff && (
          <Heatmap
            title="Difference (synthetic − real)"
            columns={real.columns}
            values={diff}
            describe={describeDiff}
          />
        )}
      </div>
    </div>
  );
}
