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
 * Pages `firstPage` to `lastPage` of the table's rows, fetched from the engine as they come
 * into view.
 */
function useRowPages(
  datasetKey: string,
  firstPage: number,
  lastPage: number,
  fetchRows: (start: number, count: number) => Promise<string[][]>,
): Map<number, string[][]> {
  const [cache, setCache] = useState<{ key: string; pages: Map<number, string[][]> }>({
    key: datasetKey,
    pages: new Map(),
  });
  const inFlight = useRef(new Set<string>());
  const latestKey = useRef(datasetKey);
  const pages = cache.key === datasetKey ? cache.pages : NO_PAGES;

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
  return pages;
}

/** One data row at its place in the scrolled grid; '…' while its page is on its way. */
function PreviewRow(props: {
  index: number;
  top: number;
  template: string;
  columnNames: string[];
  values: string[] | undefined;
}) {
  const { index: r, values } = props;
  return (
    <div
      className="grid-row"
      role="row"
      aria-rowindex={r + 2}
      style={{
        gridTemplateColumns: props.template,
        position: 'absolute',
        top: 0,
        left: 0,
        right: 0,
        height: ROW_HEIGHT,
        transform: `translateY(${props.top}px)`,
      }}
    >
      <span role="cell" className="grid-index">
        {r + 1}
      </span>
      {props.columnNames.map((n, c) => (
        <span role="cell" key={n} title={values?.[c]}>
          {values ? values[c] : '…'}
        </span>
      ))}
    </div>
  );
}

/**
 * The table's rows in a virtualised grid: only the visible rows are in the DOM, they are fetched
 * from the engine worker a page at a time, and nothing is allocated per row, so a million rows
 * never reach the page at once (fixed row height: the visible range is arithmetic). The
 * scrolling grid takes the keyboard focus, so it scrolls with the arrow and page keys too.
 */
export function DataPreview(props: {
  datasetKey: string;
  rowCount: number;
  columnNames: string[];
  fetchRows: (start: number, count: number) => Promise<string[][]>;
}) {
  const { datasetKey, rowCount, columnNames, fetchRows } = props;
  const [scrollTop, setScrollTop] = useState(0);

  const fullHeight = rowCount * ROW_HEIGHT;
  const height = Math.min(fullHeight, MAX_SCROLL_PX);
  const scale =
    fullHeight > height ? (fullHeight - VIEW_HEIGHT) / Math.max(1, height - VIEW_HEIGHT) : 1;
  const first = Math.max(0, Math.floor((scrollTop * scale) / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(
    rowCount - 1,
    Math.ceil((scrollTop * scale + VIEW_HEIGHT) / ROW_HEIGHT) + OVERSCAN,
  );
  const pages = useRowPages(
    datasetKey,
    Math.floor(first / PAGE),
    Math.floor(Math.max(first, last) / PAGE),
    fetchRows,
  );

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
      <div className="grid">
        <div
          className="grid-scroll"
          role="table"
          aria-label="Data preview"
          aria-rowcount={rowCount + 1}
          tabIndex={0}
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
            {visible.map((r) => (
              <PreviewRow
                key={r}
                index={r}
                top={offset(r)}
                template={template}
                columnNames={columnNames}
                values={pages.get(Math.floor(r / PAGE))?.[r % PAGE]}
              />
            ))}
          </div>
        </div>
      </div>
    </section>
  );
}
