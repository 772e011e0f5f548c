import { useRef, useState, type DragEvent } from 'react';
import { DEMO_DATASETS, type DemoDataset } from './demo-datasets';

/**
 * Three ways in: the file picker ("Load CSV"), dropping a file on the page area, and a demo
 * picker ("Try a demo data set").
 */
export function LoadPanel(props: {
  busy: boolean;
  onFile: (file: File) => void;
  onDemo: (demo: DemoDataset) => void;
}) {
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (file) props.onFile(file);
  };

  return (
    <section className="load-panel" aria-labelledby="load-title">
      <h2 id="load-title">1. Bring a table</h2>
      <div
        className={`drop-zone${dragging ? ' drop-zone-active' : ''}`}
        data-testid="drop-zone"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p className="drop-hint">Drop a CSV file here, or</p>
        <label className="button button-primary">
          Load CSV
          <input
            ref={input}
            type="file"
            accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values,text/plain"
            aria-label="Load CSV"
            className="visually-hidden"
            disabled={props.busy}
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) props.onFile(file);
              if (input.current) input.current.value = '';
            }}
          />
        </label>
        <p className="drop-note">
          The file is read inside this page. Nothing is uploaded: Facsimile has no server.
        </p>
      </div>
      <div className="demo-picker">
        <label htmlFor="demo-select">Or try a demo data set:</label>
        <select
          id="demo-select"
          aria-label="Try a demo data set"
          disabled={props.busy}
          value=""
          onChange={(e) => {
            const demo = DEMO_DATASETS.find((d) => d.id === e.target.value);
            if (demo) props.onDemo(demo);
          }}
        >
          <option value="">Choose one…</option>
          {DEMO_DATASETS.map((d) => (
            <option
              key={d.id}
              value={d.id}
              title={`${d.description} Source: ${d.source}. Licence: ${d.license}.`}
            >
              {d.title}
            </option>
          ))}
        </select>
      </div>
    </section>
  );
}
