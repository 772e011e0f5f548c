/**
 * The trained ARGN or trees as they really are on the user's table (tokens per column, tree
 * sizes) and "Write one row": the engine writes one synthetic row and says how each column was
 * written. Everything shown is computed by the engine on the trained model.
 */
import { useEffect, useState } from 'react';
import { formatCount, formatShare } from '../../ui/format';
import type {
  EngineClient,
  FittedAnatomy,
  ModelSummary,
  RowExplanation,
} from '../../worker/engine-client';
import { SeedInput } from '../../ui/SeedInput';

type ArgnAnatomy = Extract<FittedAnatomy, { kind: 'argn' }>;
type CartAnatomy = Extract<FittedAnatomy, { kind: 'cart' }>;
type ArgnExplanation = Extract<RowExplanation, { kind: 'argn' }>;
type CartExplanation = Extract<RowExplanation, { kind: 'cart' }>;

const num = (x: number) => Number(x.toPrecision(4)).toLocaleString('en-US');

function tokenText(c: ArgnAnatomy['columns'][number]): string {
  const extras = [
    c.rareToken ? 'one rare token for levels held by fewer rows' : '',
    c.missingToken ? 'one for missing' : '',
  ].filter((x) => x !== '');
  const tail = extras.length > 0 ? `; ${extras.join(', ')}` : '';
  if (c.tokenKind === 'categories') return `${c.kept} common levels${tail}`;
  if (c.tokenKind === 'values') return `${c.kept} exact values${tail}`;
  if (c.tokenKind === 'positions') return `where the value lies in its bin, in ${c.tokens} parts`;
  const [lo, hi] = c.rangeText ?? c.range?.map(num) ?? [];
  const range = lo !== undefined ? `, clipped to ${lo} – ${hi}` : '';
  const masses = c.kept > 0 ? `, ${c.kept} exact values` : '';
  return `${c.bins} quantile bins${masses}, the lowest and highest${range}${tail}`;
}

function ArgnTokens({ a }: { a: ArgnAnatomy }) {
  return (
    <div className="table-scroll">
      <table className="anatomy-table" data-testid="fitted-anatomy">
        <thead>
          <tr>
            <th scope="col">Column</th>
            <th scope="col">Tokens</th>
            <th scope="col">How it is tokenised</th>
            <th scope="col">Embedding width</th>
            <th scope="col">Head width</th>
          </tr>
        </thead>
        <tbody>
          {a.columns.map((c) => (
            <tr key={c.name}>
              <th scope="row">{c.name}</th>
              <td>{c.tokens}</td>
              <td>{tokenText(c)}</td>
              <td>{c.embeddingWidth}</td>
              <td>{c.headWidths.join(' → ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="chart-help">
        {formatCount(a.vocabulary)} tokens in all; the network holds {formatCount(a.parameters)}{' '}
        weights.
      </p>
    </div>
  );
}

function CartTrees({ a }: { a: CartAnatomy }) {
  const p = a.protections;
  return (
    <div className="table-scroll">
      <table className="anatomy-table" data-testid="fitted-anatomy">
        <thead>
          <tr>
            <th scope="col">Column</th>
            <th scope="col">Depth</th>
            <th scope="col">Leaves</th>
            <th scope="col">Smallest leaf</th>
            <th scope="col">Splits on (rows routed)</th>
          </tr>
        </thead>
        <tbody>
          {a.columns.map((c, j) => (
            <tr key={c.name}>
              <th scope="row">{c.name}</th>
              <td>{c.depth}</td>
              <td>{c.leaves}</td>
              <td>{formatCount(c.smallestLeaf)} rows</td>
              <td>
                {j === 0
                  ? 'no tree: drawn from its own values'
                  : c.predictors.length === 0
                    ? 'no split was worth making'
                    : c.predictors
                        .map((u) => `${u.name} (${u.splits}×, ${formatCount(u.rows)})`)
                        .join(', ')}
                {c.missingTree ? '; a first tree decides "missing or not"' : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="chart-help" data-testid="protections">
        Protections in force: leaves of at least {p.minLeaf} rows;{' '}
        {p.splitEvidence > 0
          ? `no split on less than ${p.splitEvidence}× the evidence of chance; `
          : ''}
        {p.smoothing
          ? `rare numbers blurred by a kernel (×${p.smoothingScale}); values shared by ${p.exactRows}+ rows kept exact`
          : 'numbers not blurred'}
        ; {p.forbidCopies ? 'no row equal to a training row' : 'copies of training rows allowed'}.
      </p>
    </div>
  );
}

function Bars({ step }: { step: ArgnExplanation['steps'][number] }) {
  return (
    <ul className="token-bars" aria-label={`Likeliest values of ${step.column}`}>
      {step.top.map((t) => (
        <li key={t.token} style={{ display: 'flex', gap: '0.5rem', alignItems: 'center' }}>
          <span style={{ minWidth: '12rem' }}>
            {t.token === step.drawn.token ? <strong>{t.label}</strong> : t.label}
          </span>
          <span
            aria-hidden="true"
            style={{
              display: 'inline-block',
              height: '0.7rem',
              width: `${Math.max(1, t.probability * 12)}rem`,
              background: t.token === step.drawn.token ? 'var(--accent)' : 'var(--accent-2)',
              opacity: t.token === step.drawn.token ? 1 : 0.5,
            }}
          />
          <span data-testid="token-probability">{formatShare(t.probability)}</span>
        </li>
      ))}
    </ul>
  );
}

function ArgnRow({ e }: { e: ArgnExplanation }) {
  return (
    <ol className="how-steps" data-testid="explain-steps">
      {e.steps.map((s) => (
        <li key={s.column} data-testid="explain-step">
          <strong>{s.column}</strong>: the network gives {s.tokens} tokens a probability, from the
          columns written above. The likeliest:
          <Bars step={s} />
          Drawn: <em>{s.drawn.label}</em> ({formatShare(s.drawn.probability)}) → written:{' '}
          <strong>{s.value}</strong>
        </li>
      ))}
    </ol>
  );
}

const NOTES: Record<CartExplanation['steps'][number]['note'], string> = {
  level: 'the donor’s level',
  blurred: 'the donor’s number, blurred by the kernel so it is not a real row’s value',
  shared: 'kept exact: many training rows hold this value, so it points at no one',
  exact: 'the donor’s number as it is: blurring is off, or the column has few distinct values',
  missing: 'the donor’s cell is empty',
};

function CartRow({ e }: { e: CartExplanation }) {
  return (
    <>
      <ol className="how-steps" data-testid="explain-steps">
        {e.steps.map((s) => (
          <li key={s.column} data-testid="explain-step">
            <strong>{s.column}</strong>:{' '}
            {s.paths.map((p) => (
              <span key={p.tree}>
                {p.tree === 'missing' ? 'first, is it missing? ' : ''}
                {p.conditions.length === 0 ? (
                  'no split: the whole column is one leaf'
                ) : (
                  <span data-testid="tree-path">{p.conditions.join(' → ')}</span>
                )}{' '}
                → a leaf of {formatCount(p.leafSize)} training rows.{' '}
              </span>
            ))}
            A random row of the leaf gives the value: <strong>{s.value}</strong> ({NOTES[s.note]}
            ).
          </li>
        ))}
      </ol>
      {e.redraws > 0 && (
        <p className="chart-help">
          The row was drawn {e.redraws + 1} times: the earlier ones equalled a training row.
        </p>
      )}
    </>
  );
}

/** The explained row as it lands in the output file (the input's columns and formats). */
function WrittenRow({ e }: { e: RowExplanation }) {
  return (
    <div className="table-scroll">
      <p className="chart-help">The row as it lands in your synthetic file:</p>
      <table className="anatomy-table" data-testid="written-row">
        <thead>
          <tr>
            {e.written.names.map((n) => (
              <th key={n} scope="col">
                {n}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            {e.written.row.map((v, i) => (
              <td key={e.written.names[i] ?? i}>{v}</td>
            ))}
          </tr>
        </tbody>
      </table>
    </div>
  );
}

/** The trained ARGN or trees on this table, and one row written step by step. */
export function FittedModel(props: {
  engine: () => EngineClient | null;
  /** The trained or loaded model (a new object for every new model). */
  model: ModelSummary;
}) {
  // Each result remembers the model it was computed for, so a newer model never shows an
  // older one's (no state is reset inside the effect).
  const [fitted, setFitted] = useState<{ key: unknown; anatomy: FittedAnatomy | null } | null>(
    null,
  );
  const [explained, setExplained] = useState<{ key: unknown; e: RowExplanation } | null>(null);
  const [seed, setSeed] = useState(1);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { engine, model: modelKey } = props;

  useEffect(() => {
    const client = engine();
    if (!client || !modelKey) return;
    let live = true;
    client
      .explainModel()
      .then((anatomy) => {
        if (live) setFitted({ key: modelKey, anatomy });
      })
      .catch((err: unknown) => {
        if (live) setError(err instanceof Error ? err.message : String(err));
      });
    return () => {
      live = false;
    };
  }, [engine, modelKey]);

  const write = async () => {
    const client = engine();
    if (!client) return;
    setBusy(true);
    setError(null);
    try {
      setExplained({ key: modelKey, e: await client.explainRow(seed) });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const anatomy = fitted && fitted.key === modelKey ? fitted.anatomy : null;
  const explanation = explained && explained.key === modelKey ? explained.e : null;
  if (!anatomy) return error ? <p className="hint">{error}</p> : null;
  if (anatomy.kind !== modelKey.kind)
    return (
      <p className="hint">
        The engine now holds another model (from Compare models): train this one again to see it
        write a row.
      </p>
    );
  return (
    <section className="fitted-model" data-testid="fitted-model" aria-label="The trained model">
      <h3>The trained model on your table</h3>
      {anatomy.kind === 'argn' ? <ArgnTokens a={anatomy} /> : <CartTrees a={anatomy} />}
      <h3>Write one row</h3>
      <p className="chart-help">
        {anatomy.kind === 'argn'
          ? 'The engine writes one synthetic row, column by column in file order, and shows what the network predicted for each column before drawing.'
          : 'The engine writes one synthetic row, column by column, and shows the path down each column’s tree. Only the value taken is shown, never the donor’s row; numbers that few rows hold are blurred.'}{' '}
        The same seed always writes the same row.
      </p>
      <div className="inline-form">
        <label>
          Row seed <SeedInput value={seed} onChange={setSeed} narrow />
        </label>{' '}
        <button type="button" disabled={busy} onClick={() => void write()}>
          Write one row
        </button>
      </div>
      {error && (
        <p className="hint" role="alert">
          {error}
        </p>
      )}
      {explanation?.kind === 'argn' && <ArgnRow e={explanation} />}
      {explanation?.kind === 'cart' && <CartRow e={explanation} />}
      {explanation && <WrittenRow e={explanation} />}
    </section>
  );
}
