import type { EntityTrace } from '../../../core/sequence/entity-trace';
import type { OutlineColumn, SequenceOutline } from '../../../core/sequence/outline';
import { formatCount } from '../../../ui/format';
import { WriteOneEntity } from './WriteOneEntity';

export type SequenceModelKind = 'seq-argn' | 'seq-trees';

const one = (x: number) => Number(x.toFixed(1)).toLocaleString('en-US');

function kindText(c: OutlineColumn): string {
  if (c.kind === 'category') return `category, ${c.levels} ${c.levels === 1 ? 'level' : 'levels'}`;
  return c.kind;
}

function ColumnList({
  columns,
  order,
}: {
  columns: readonly OutlineColumn[];
  order?: string | null;
}) {
  return (
    <ul data-testid="outline-columns">
      {columns.map((c) => (
        <li key={c.name}>
          <strong>{c.name}</strong> ({kindText(c)})
          {c.name === order ? ': the order column, drawn first as a first value, then gaps' : ''}
        </li>
      ))}
    </ul>
  );
}

function HistoryStep({ model }: { model: SequenceModelKind }) {
  return model === 'seq-argn' ? (
    <>
      <strong>A causal summary of history.</strong> A small recurrent cell (a GRU) reads the events
      one after another and keeps a summary of the events so far. The summary before event t has
      seen only events 1 to t−1, never a later one, so the model learns to write forwards. It starts
      from the subject, so every event also knows whose it is.
    </>
  ) : (
    <>
      <strong>History is the event before.</strong> Each event column gets a decision tree that sees
      the subject, the event&apos;s position, every column of the event before and the columns of
      this event already drawn; a real event in the leaf reached gives the value (blurred for rare
      numbers). It never looks at a later event.
    </>
  );
}

/**
 * "How it works" for the sequence models, on the user's own entities (`sequenceOutline` of the
 * training table): subject columns first, then each event conditioned on the subject and a
 * causal history summary, the end-of-sequence decision, and the order as a first value plus
 * non-negative gaps. With `write`, "Write one entity" follows.
 */
export function SequenceHowItWorks(props: {
  outline: SequenceOutline;
  model: SequenceModelKind;
  /** Most events the model writes per entity (seq-argn's `maxEvents`); default: the longest learned. */
  maxEvents?: number;
  /** The traced draw of the trained model (the worker's); omit while the model trains. */
  write?: (seed: number) => Promise<EntityTrace>;
}) {
  const o = props.outline;
  const eventNames = o.eventColumns.map((c) => c.name).join(' → ');
  return (
    <div className="how-it-works" data-testid="sequence-how-it-works">
      <p className="chart-help">
        Your {formatCount(o.entities)} entities (key <strong>{o.key}</strong>) hold{' '}
        {formatCount(o.events)} events, {one(o.meanLength)} on average and at most{' '}
        {formatCount(o.maxLength)}. A synthetic entity is written the way a story is: who it is
        first, then what happens, one event after another, until the model decides it is over.
      </p>
      <ol className="how-steps">
        <li>
          <strong>The subject first.</strong>{' '}
          {o.subjectColumns.length === 0
            ? 'Your entities have no columns of their own (every column changes from event to event), so this step is empty.'
            : `The columns that belong to the entity itself are written first, one after another, each from the ones before it (${props.model === 'seq-argn' ? 'a small network head per column' : 'one decision tree per column'}):`}
          {o.subjectColumns.length > 0 && <ColumnList columns={o.subjectColumns} />}A new entity
          gets a new key, never a real one.
        </li>
        <li>
          <HistoryStep model={props.model} />
        </li>
        <li>
          <strong>Each event, column by column</strong> ({eventNames}), conditioned on the subject,
          the history and the columns of this event already written:
          <ColumnList columns={o.eventColumns} order={o.order} />
        </li>
        <li>
          <strong>Order as a first value plus gaps.</strong>{' '}
          {o.order === null
            ? 'Your events have no order column: they keep the order they are written in.'
            : `The order column ${o.order} is written once as the first event's ${o.orderKind === 'datetime' ? 'date' : 'value'}, then as gaps to the event before that can never be negative, so every synthetic entity is in order.`}
        </li>
        <li>
          <strong>The end-of-sequence decision.</strong> After every event the model decides
          &quot;was this the last one?&quot;, learned from where your entities really end, so
          synthetic lengths follow the real ones. An entity stops at{' '}
          {formatCount(
            Math.min(o.trainingCap, props.maxEvents ?? Infinity, Math.max(1, o.maxLength)),
          )}{' '}
          events at most (the most the model learns).
        </li>
      </ol>
      {props.write && <WriteOneEntity write={props.write} />}
    </div>
  );
}
