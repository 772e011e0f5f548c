import { useEffect, useRef, useState } from 'react';
import { formatCount } from '../../ui/format';

const PAGE = 200;
const ROW_HEIGHT = 28;
const VIEW_HEIGHT = 360;
const OVERSCAN = 10;
/** Browsers cap an element's height (about 33 million px in Chromium); past this we scale. */
const MAX_SCROLL_PX = 10_000_000;
const NO_PAGES = new Map<number, string[][]>();

/**
 * The table's rows in a virtualised grid: only the visible rows are in the DOM, they are fetched
 * from the engine worker a page at a time, and nothing is allocated per row, so a million rows
 * never reach the page at once (fixed row height: the visible range is arithmetic).
 */
export function DataPreview(props: {
  datasetKey: string;
  rowCount: number;
  columnNames: string[];
  fetchRows: (start: number, count: number) => Promise<string[][]>;
}) {
  const { datasetKey, rowCount, columnNames, fetchRows } = props;
  const [cache, setCache] = useState<{ key: string; pages: Map<number, string[][]> }>({
    key: datasetKey,
    pages: new Map(),
  });
  const inFlight = useRef(new Set<string>());
  const latestKey = useRef(datasetKey);
  const [scrollTop, setScrollTop] = useState(0);
  const pages = cache.key === datasetKey ? cache.pages : NO_PAGES;

  const fullHeight = rowCount * ROW_HEIGHT;
  const height = Math.min(fullHeight, MAX_SCROLL_PX);
  const scale =
    fullHeight > height ? (fullHeight - VIEW_HEIGHT) / Math.max(1, height - VIEW_HEIGHT) : 1;
  const first = Math.max(0, Math.floor((scrollTop * scale) / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(
    rowCount - 1,
    Math.ceil((scrollTop * scale + VIEW_HEIGHT) / ROW_HEIGHT) + OVERSCAN,
  );
  const firstPage = Math.floor(first / PAGE);
  const lastPage = Math.floor(Math.max(first, last) / PAGE);

  useEffect(() => {
    latestKey.current = datasetKey;
  }, [datasetKey]);

  useEffect(() => {
    for (let p = firstPage; p <= lastPage; p += 1) {
      const id = `${datasetKey}:${p}`;
      if (pages.has(p) || inFlight.current.has(id)) continue;
      inFlight.current.add(id);
      void fetchRows(p * PAGE, PAGE).then((rows) => {
        inFlight.current.delete(id);
        if (datasetKey !== latestKey.current) return;
        setCache((c) =>
          c.key === datasetKey
            ? { key: c.key, pages: new Map(c.pages).set(p, rows) }
            : { key: datasetKey, pages: new Map([[p, rows]]) },
        );
      });
    }
  }, [firstPage, lastPage, datasetKey, fetchRows, pages]);

  const template = `4.5rem repeat(${columnNames.length}, minmax(8rem, 1fr))`;
  const visible: number[] = [];
  for (let r = first; r <= last; r += 1) visible.push(r);
  // Row r sits where its scaled position puts it, so the scrollbar spans the whole table.
  const offset = (r: number) => scrollTop + (r * ROW_HEIGHT - scrollTop * scale);

  return (
    <section className="data-preview" aria-labelledby="preview-title">
      <h2 id="preview-title">The rows</h2>
      <p className="hint">
        {formatCount(rowCount)} rows. Scroll to see any of them; they stay in this page.
      </p>
      <div className="grid" role="table" aria-label="Data preview" aria-rowcount={rowCount + 1}>
        <div
          className="grid-scroll"
          style={{ height: VIEW_HEIGHT }}
          onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        >
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
          <div style={{ height, position: 'relative' }}>
            {visible.map((r) => {
              const values = pages.get(Math.floor(r / PAGE))?.[r % PAGE];
              return (
                <div
                  key={r}
                  className="grid-row"
                  role="row"
                  aria-rowindex={r + 2}
                  style={{
                    gridTemplateColumns: template,
                    position: 'absolute',
                    top: 0,
                    left: 0,
                    right: 0,
                    height: ROW_HEIGHT,
                    transform: `translateY(${offset(r)}px)`,
                  }}
                >
                  <span role="cell" className="grid-index">
                    {r + 1}
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
