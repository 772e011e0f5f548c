import { memo } from 'react';
import { formatCount, formatShare } from '../../ui/format';
import type {
  ColumnAnatomy,
  EngineClient,
  ModelAnatomy,
  ModelSummary,
} from '../../worker/engine-client';
import { MODELS } from '../train/model-catalog';
import { FittedModel } from './FittedModel';

const num = (x: number) => Number(x.toPrecision(3)).toLocaleString('en-US');

function modesText(c: ColumnAnatomy): string {
  if (c.type === 'discrete') return `${c.levels} levels, one switch each`;
  const modes = c.modes.map((m) => `around ${num(m.mean)} (${formatShare(m.weight)})`).join(', ');
  const points =
    c.pointMasses.length > 0 ? `; exact values kept: ${c.pointMasses.map(num).join(', ')}` : '';
  return `${c.modes.length} ${c.modes.length === 1 ? 'mode' : 'modes'}: ${modes}${points}`;
}

type ColumnView = 'encoded' | 'copula' | 'plain';

function learned(c: ColumnAnatomy, view: ColumnView): string {
  if (view === 'encoded') return modesText(c);
  if (view === 'copula') {
    return c.type === 'numeric'
      ? 'its quantiles, mapped to a bell curve'
      : `the shares of its ${c.levels} levels, as slices of a bell curve`;
  }
  return c.type === 'numeric' ? 'number' : `${c.levels} levels`;
}

function ColumnTable(props: { anatomy: ModelAnatomy; view: ColumnView }) {
  const encoded = props.view === 'encoded';
  return (
    <div className="table-scroll">
      <table className="anatomy-table" data-testid="anatomy-table">
        <thead>
          <tr>
            <th scope="col">Column</th>
            <th scope="col">{encoded ? 'How it is encoded' : 'What is learned'}</th>
            {encoded && <th scope="col">Width</th>}
            <th scope="col">Missing</th>
          </tr>
        </thead>
        <tbody>
          {props.anatomy.columns.map((c) => (
            <tr key={c.name}>
              <th scope="row">{c.name}</th>
              <td>{learned(c, props.view)}</td>
              {encoded && <td>{c.width}</td>}
              <td>{formatShare(c.missingShare)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const layers = (a: ModelAnatomy, name: string) =>
  a.networks.find((n) => n.name === name)?.layers.join(' → ') ?? '';

function CtganSteps({ a }: { a: ModelAnatomy }) {
  return (
    <ol className="how-steps">
      <li>
        <strong>Each column becomes numbers the networks can read.</strong> A number column is split
        into its modes (a Bayesian Gaussian mixture finds them): each value is written as
        &quot;which mode&quot; plus &quot;where in that mode&quot;, so a skewed or two-peaked column
        keeps its shape. Categories become one switch per level. Your {formatCount(a.rows)} rows
        become {a.encodedWidth} numbers each:
        <ColumnTable anatomy={a} view="encoded" />
      </li>
      <li>
        <strong>The conditional vector.</strong> For each training batch CTGAN picks one category
        column and one of its levels (rare levels more often than their share), and asks the
        generator for rows with that level: {a.conditionalWidth} switches, one per level of every
        category column. This is how rare categories are not forgotten.
      </li>
      <li>
        <strong>Generator against discriminator.</strong> The generator turns {a.latentWidth} random
        numbers plus the condition into a row ({layers(a, 'Generator')}). The discriminator (the
        critic) looks at 10 rows at a time and scores how real they look (
        {layers(a, 'Discriminator')}). The critic learns to score real rows higher; the generator
        learns to raise its rows&apos; score. The gradient penalty keeps the critic smooth so the
        contest stays stable.
      </li>
      <li>
        <strong>Sampling.</strong> After training only the generator is kept: random numbers and a
        level drawn by its real share go in, a row comes out, and it is decoded back to your column
        formats.
      </li>
    </ol>
  );
}

function TvaeSteps({ a }: { a: ModelAnatomy }) {
  return (
    <ol className="how-steps">
      <li>
        <strong>Each column becomes numbers.</strong> As in CTGAN, number columns are split into
        their modes and categories into one switch per level: {a.encodedWidth} numbers per row.
        <ColumnTable anatomy={a} view="encoded" />
      </li>
      <li>
        <strong>The encoder</strong> reads a row and gives the centre and spread of a small cloud in
        a {a.latentWidth}-dimensional latent space ({layers(a, 'Encoder')}).
      </li>
      <li>
        <strong>The decoder</strong> takes a point from that cloud and rebuilds the row (
        {layers(a, 'Decoder')}).
      </li>
      <li>
        <strong>Reconstruction against KL.</strong> The reconstruction loss measures how far the
        rebuilt row is from the real one; the KL term pulls every cloud towards one standard bell
        curve so the whole latent space is filled. The balance lets new rows come from decoding
        plain random points.
      </li>
    </ol>
  );
}

function CopulaSteps({ a }: { a: ModelAnatomy }) {
  return (
    <ol className="how-steps">
      <li>
        <strong>Marginals.</strong> Each column&apos;s own distribution is learned from your{' '}
        {formatCount(a.rows)} rows and mapped onto a standard bell curve:
        <ColumnTable anatomy={a} view="copula" />
      </li>
      <li>
        <strong>Correlation.</strong> On that bell-curve scale, the correlation of every pair of
        columns is measured (the Pairs tab shows how it carries over).
      </li>
      <li>
        <strong>Sampling.</strong> New points are drawn from a multivariate bell curve with that
        correlation and mapped back through each column&apos;s marginal.
      </li>
    </ol>
  );
}

function columnList(a: ModelAnatomy): string {
  return a.columns.map((c) => c.name).join(' → ');
}

function ArgnSteps({ a }: { a: ModelAnatomy }) {
  return (
    <ol className="how-steps">
      <li>
        <strong>Every column becomes tokens.</strong> Categories keep their levels (rare ones
        grouped); numbers and dates are cut into bins, each bin a token, so every column is a small
        vocabulary. Your {formatCount(a.rows)} rows, {a.columns.length} columns:
        <ColumnTable anatomy={a} view="plain" />
      </li>
      <li>
        <strong>One column at a time.</strong> A row is written column by column: each column is
        predicted from the ones already written. The order is drawn afresh for every batch, so the
        network learns to predict any column from any others.
      </li>
      <li>
        <strong>Training against validation.</strong> The loss is how surprised the network is by
        the real tokens (cross-entropy). A tenth of the rows is held out: when their loss stops
        falling, the learning rate drops, and then training stops and the best weights are kept.
      </li>
      <li>
        <strong>Sampling.</strong> New rows are written in the file&apos;s column order (
        {columnList(a)}), each token drawn from the predicted shares; binned numbers get a value
        inside their bin. Once training is over, the tables below show each column&apos;s real
        tokens, and &quot;Write one row&quot; lets you watch the network write one.
      </li>
    </ol>
  );
}

function CartSteps({ a }: { a: ModelAnatomy }) {
  return (
    <ol className="how-steps">
      <li>
        <strong>The first column</strong> ({a.columns[0]?.name ?? '–'}) is drawn from its own
        distribution.
        <ColumnTable anatomy={a} view="plain" />
      </li>
      <li>
        <strong>Each later column gets a decision tree</strong> fitted on the columns before it (
        {columnList(a)}). A synthetic row falls down the tree on the values it already has.
      </li>
      <li>
        <strong>A donor gives the value.</strong> The row takes the value of a random real row in
        the leaf it reached (leaves hold at least 20 rows), blurred a little for numbers; a
        synthetic row equal to a real one is drawn again.
      </li>
      <li>
        <strong>Why it cannot be saved:</strong> the donors are real rows, so the fitted model holds
        training data and never leaves the page as a file. Once the trees are fitted, the tables
        below show each tree, and &quot;Write one row&quot; follows one row down them.
      </li>
    </ol>
  );
}

/** Walks a learner through what the chosen model does on their own table. */
export function HowItWorks(props: {
  anatomy: ModelAnatomy | null;
  /** With a trained ARGN or tree model: its real anatomy and "Write one row". */
  engine?: () => EngineClient | null;
  /** The trained model, once training is over (null while it trains). */
  model?: ModelSummary | null;
}) {
  const a = props.anatomy;
  const model = props.model ?? null;
  const stepwise = model && (model.kind === 'argn' || model.kind === 'cart') ? model : null;
  const fitted = stepwise && props.engine && <FittedModel engine={props.engine} model={stepwise} />;
  if (!a && fitted) return <div className="how-it-works">{fitted}</div>;
  if (!a) {
    return (
      <p className="hint">
        Start training to see what the model does with your columns, step by step.
      </p>
    );
  }
  return (
    <div className="how-it-works" data-testid="how-it-works">
      <p className="chart-help">{MODELS[a.kind].explain}</p>
      <Steps a={a} />
      {fitted}
    </div>
  );
}

/** Drawn again only when the anatomy changes, not at every live snapshot of the run. */
const Steps = memo(function Steps({ a }: { a: ModelAnatomy }) {
  switch (a.kind) {
    case 'ctgan':
      return <CtganSteps a={a} />;
    case 'tvae':
      return <TvaeSteps a={a} />;
    case 'copula':
      return <CopulaSteps a={a} />;
    case 'argn':
      return <ArgnSteps a={a} />;
    case 'cart':
      return <CartSteps a={a} />;
  }
});
