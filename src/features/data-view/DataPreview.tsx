import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import { formatCount } from '../../ui/format';

const PAGE = 200;
const ROW_HEIGHT = 28;

/**
 * The table's rows in a virtualised grid: only the visible rows are in the DOM, and they are
 * fetched from the engine worker a page at a time, so a million rows never reach the page at once.
 */
export function DataPreview(props: {
  datasetKey: string;
  rowCount: number;
  columnNames: string[];
  fetchRows: (start: number, count: number) => Promise<string[][]>;
}) {
  const { datasetKey, rowCount, columnNames, fetchRows } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const pages = useRef(new Map<number, string[][]>());
  const inFlight = useRef(new Set<number>());
  const currentKey = useRef(datasetKey);
  const [, setVersion] = useState(0);

  useEffect(() => {
    currentKey.current = datasetKey;
    pages.current = new Map();
    inFlight.current = new Set();
    setVersion((v) => v + 1);
  }, [datasetKey]);

  // The app does not use the React Compiler, so nothing here is auto-memoised.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
  });
  const items = virtualizer.getVirtualItems();
  const firstPage = items.length > 0 ? Math.floor((items[0]?.index ?? 0) / PAGE) : 0;
  const lastPage = items.length > 0 ? Math.floor((items[items.length - 1]?.index ?? 0) / PAGE) : 0;

  useEffect(() => {
    for (let p = firstPage; p <= lastPage; p += 1) {
      if (pages.current.has(p) || inFlight.current.has(p)) continue;
      inFlight.current.add(p);
      const key = datasetKey;
      void fetchRows(p * PAGE, PAGE).then((rows) => {
        if (key !== currentKey.current) return;
        pages.current.set(p, rows);
        inFlight.current.delete(p);
        setVersion((v) => v + 1);
      });
    }
  }, [firstPage, lastPage, datasetKey, fetchRows]);

  const cell = (row: number): string[] | undefined =>
    pages.current.get(Math.floor(row / PAGE))?.[row % PAGE];
  const template = `4.5rem repeat(${columnNames.length}, minmax(8rem, 1fr))`;

  return (
    <section className="data-preview" aria-labelledby="preview-title">
      <h2 id="preview-title">The rows</h2>
      <p className="hint">
        {formatCount(rowCount)} rows. Scroll to see any of them; they stay in this page.
      </p>
      <div className="grid" role="table" aria-label="Data preview" aria-rowcount={rowCount + 1}>
        <div ref={scroller} className="grid-scroll">
          <div
            className="grid-row grid-header"
            role="row"
            style={{ gridTemplateColumns: template }}
          >
            <span role="columnheader">#</span>
            {columnNames.map((n) => (
              <span role="columnheader" key={n} title={n}>
                {n}
              </span>
            ))}
          </div>
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const values = cell(item.index);
              return (
                <div
                  key={item.key}
                  className="grid-row"
                  role="row"
                  aria-rowindex={item.index + 2}
                  style={{
                    gridTemplateColumns: template,
                    position: 'absolute',
                    top: 0,
                    left: 0,
                    right: 0,
                    height: ROW_HEIGHT,
                    transform: `translateY(${item.start}px)`,
                  }}
                >
                  <span role="cell" className="grid-index">
                    {item.index + 1}
                  </span>
                  {columnNames.map((n, c) => (
                    <span role="cell" key={n} title={values?.[c]}>
                      {values ? values[c] : '…'}
                    </span>
                  ))}
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </section>
  );
}
