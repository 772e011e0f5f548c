import {
  memo,
  useEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type MouseEvent,
} from 'react';
import {
  HEATMAP_LABEL_PX,
  heatmapCellAt,
  heatmapColor,
  heatmapKeyMove,
  heatmapLayout,
  heatmapShortName,
  type HeatmapLayout,
} from './heatmap-layout';

interface Cell {
  i: number;
  j: number;
}

/** Draws the labels and cells onto the canvas, scaled for the screen's pixel density. */
function draw(
  canvas: HTMLCanvasElement,
  layout: HeatmapLayout,
  columns: readonly string[],
  values: readonly (readonly number[])[],
  scale: number,
  active: Cell | null,
): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const ratio = canvas.width / layout.size;
  const { cell } = layout;
  const L = HEATMAP_LABEL_PX;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, layout.size, layout.size);
  for (let i = 0; i < columns.length; i += 1) {
    const row = values[i];
    for (let j = 0; j < columns.length; j += 1) {
      ctx.fillStyle = heatmapColor((row?.[j] ?? NaN) / scale);
      ctx.fillRect(L + j * cell, L + i * cell, cell - 1, cell - 1);
    }
  }
  ctx.fillStyle = getComputedStyle(canvas).color || '#1d2935';
  ctx.font = '10px system-ui, sans-serif';
  ctx.textAlign = 'end';
  columns.forEach((name, i) =>
    ctx.fillText(heatmapShortName(name), L - 4, L + i * cell + cell / 2 + 3),
  );
  // column names run up and to the left from just above their column, at 55°
  ctx.textAlign = 'start';
  columns.forEach((name, j) => {
    ctx.save();
    ctx.translate(L + j * cell + cell / 2, L - 4);
    ctx.rotate((-55 * Math.PI) / 180);
    ctx.fillText(heatmapShortName(name), 0, 0);
    ctx.restore();
  });
  if (active) {
    ctx.strokeStyle = '#1d2935';
    ctx.lineWidth = 2;
    ctx.strokeRect(L + active.j * cell, L + active.i * cell, cell - 1, cell - 1);
  }
}

/**
 * A square matrix as coloured cells, with the value of the cell under the pointer, or of the
 * cell chosen with the arrow keys, shown below. Values outside [-1, 1] are clipped for colour
 * only. Drawn on one canvas: a 40-column table has 1,600 cells per heatmap, redrawn at every
 * live snapshot, and as SVG elements their style, layout and paint held the page for hundreds of
 * milliseconds (tests/e2e/responsive.spec.ts).
 */
export const Heatmap = memo(function Heatmap(props: {
  title: string;
  columns: readonly string[];
  values: readonly (readonly number[])[];
  /** How the value of cell (i, j) was measured, for the readout. */
  describe?: (i: number, j: number) => string;
  /** Colour scale: value / scale is drawn (2 for differences of correlations). */
  scale?: number;
}) {
  const { columns, values } = props;
  const [active, setActive] = useState<(Cell & { byKey: boolean }) | null>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const n = columns.length;
  const layout = useMemo(() => heatmapLayout(n), [n]);
  const scale = props.scale ?? 1;
  const ratio = typeof window === 'undefined' ? 1 : Math.min(3, window.devicePixelRatio || 1);
  const shown = active && active.i < n && active.j < n ? active : null;
  const activeI = shown?.i ?? -1;
  const activeJ = shown?.j ?? -1;
  useEffect(() => {
    if (!canvas.current) return;
    const at = activeI >= 0 ? { i: activeI, j: activeJ } : null;
    draw(canvas.current, layout, columns, values, scale, at);
  }, [layout, columns, values, scale, activeI, activeJ]);
  const text = (i: number, j: number) => {
    const v = values[i]?.[j] ?? NaN;
    const how = props.describe ? ` (${props.describe(i, j)})` : '';
    return `${columns[i]} × ${columns[j]}: ${Number.isFinite(v) ? v.toFixed(2) : 'undefined'}${how}`;
  };
  const onMove = (e: MouseEvent<HTMLCanvasElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    const at = heatmapCellAt(layout, n, e.clientX - box.left, e.clientY - box.top);
    setActive((h) =>
      !at ? null : h && h.i === at.i && h.j === at.j && !h.byKey ? h : { ...at, byKey: false },
    );
  };
  const onKey = (e: KeyboardEvent<HTMLCanvasElement>) => {
    const to = heatmapKeyMove(e.key, shown ?? { i: 0, j: 0 }, n);
    if (!to || n === 0) return;
    e.preventDefault();
    setActive({ ...(shown ? to : { i: 0, j: 0 }), byKey: true });
  };
  return (
    <figure className="heatmap" aria-label={props.title} data-testid="heatmap">
      <figcaption>{props.title}</figcaption>
      <canvas
        ref={canvas}
        width={Math.round(layout.size * ratio)}
        height={Math.round(layout.size * ratio)}
        style={{ width: layout.size, height: layout.size }}
        role="img"
        aria-label={`${props.title}: ${n} by ${n} cells. Arrow keys read one cell at a time.`}
        tabIndex={0}
        onMouseMove={onMove}
        onMouseLeave={() => setActive((h) => (h?.byKey ? h : null))}
        onKeyDown={onKey}
        onFocus={() => setActive((h) => h ?? { i: 0, j: 0, byKey: true })}
        onBlur={() => setActive(null)}
      />
      <p
        className="heatmap-readout"
        // as wide as the map: a long readout wraps instead of widening the figure
        style={{ maxWidth: layout.size }}
        aria-live={shown?.byKey ? 'polite' : 'off'}
      >
        {shown
          ? text(shown.i, shown.j)
          : 'Point at a cell, or use the arrow keys, to read its value.'}
      </p>
    </figure>
  );
});
