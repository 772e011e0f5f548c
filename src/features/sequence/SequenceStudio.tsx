import { CountBars } from '../../ui/CountBars';
import type { SequenceState } from './use-sequence';
import { compareLengthBars } from './length-bars';

/**
 * The studio's sequence views. MOUNT POINT: the seq-views branch's components (entity timelines
 * with sparklines, the transition heatmap, "How it works" / "Write one entity") mount here,
 * fed with plain data from the engine. Until then it shows real against synthetic lengths.
 */
export function SequenceStudio(props: { state: SequenceState }) {
  const g = props.state.generated;
  if (!g) return null;
  return (
    <section
      className="seq-studio"
      aria-labelledby="seq-studio-title"
      data-testid="sequence-studio"
    >
      <h3 id="seq-studio-title">Studio: real against synthetic entities</h3>
      <CountBars
        title="Events per entity, real and synthetic"
        bars={compareLengthBars(g.lengths.real, g.lengths.synthetic)}
        series={['real', 'synthetic']}
        xLabel="events"
        testId="seq-lengths-compare"
      />
    </section>
  );
}
