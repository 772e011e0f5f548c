import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { sequenceViews } from '../../src/core/eval/sequence/sequence-views';
import type { EntityTrace } from '../../src/core/sequence/entity-trace';
import { sequenceOutline } from '../../src/core/sequence/outline';
import {
  EntityTimelines,
  SequenceHowItWorks,
  SequenceLengthsChart,
  SequenceLossChart,
  SequenceStudioViews,
  TransitionHeatmaps,
  WriteOneEntity,
} from '../../src/features/studio/sequence';
import { customers } from './sequence-fixtures';

/** Server-rendered markup of the sequence views on the simulator (real against a shifted copy). */
const real = customers(200, 1);
const synth = customers(150, 2);
const views = sequenceViews(real, synth);
const html = (el: Parameters<typeof renderToStaticMarkup>[0]) => renderToStaticMarkup(el);
const count = (s: string, what: string) => s.split(what).length - 1;

describe('the sequence views render the plain data they are given', () => {
  it('draws the lengths with one bin per shared bin and the real and synthetic means', () => {
    const out = html(createElement(SequenceLengthsChart, { comparison: views.lengths }));
    expect(out).toContain(`data-bins="${views.lengths.bins.length}"`);
    expect(out).toContain(`${views.lengths.real.entities} entities`);
    expect(out).toContain(`${views.lengths.synth.entities} entities`);
  });

  it('draws one card per picked entity, a sparkline per number and ticks per category', () => {
    const out = html(createElement(EntityTimelines, { timelines: views.timelines }));
    const t = views.timelines;
    expect(count(out, 'data-testid="timeline-entity"')).toBe(t.real.length + t.synth.length);
    const numbers = t.columns.filter((c) => c.kind === 'numeric').length;
    const cats = t.columns.length - numbers;
    expect(numbers).toBeGreaterThan(0);
    expect(cats).toBeGreaterThan(0);
    expect(count(out, 'data-testid="timeline-sparkline"')).toBe(
      numbers * (t.real.length + t.synth.length),
    );
    expect(count(out, 'data-testid="timeline-ticks"')).toBe(
      cats * (t.real.length + t.synth.length),
    );
    for (const line of t.real) expect(out).toContain(line.key);
  });

  it('draws three heatmaps of the category column and the differences in words', () => {
    const out = html(createElement(TransitionHeatmaps, { comparisons: views.transitions }));
    expect(count(out, 'data-testid="heatmap"')).toBe(3);
    expect(out).toContain('data-column="channel"');
    expect(out).toContain('data-testid="transition-differences"');
  });

  it('says when there is no loss yet, and draws the points it has', () => {
    expect(html(createElement(SequenceLossChart, { epochs: [] }))).toContain('after the first');
    const epochs = [1, 2, 3].map((epoch) => ({ epoch, epochs: 3, loss: 10 / epoch, seconds: 1 }));
    expect(html(createElement(SequenceLossChart, { epochs }))).toContain('data-points="3"');
  });

  it('explains the model on the user’s own columns, order column first', () => {
    const out = html(
      createElement(SequenceHowItWorks, { outline: sequenceOutline(real), model: 'seq-argn' }),
    );
    expect(out).toContain('GRU');
    expect(out).toContain('day</strong> (number): the order column');
    expect(out).toContain('segment');
    expect(out).not.toContain('Write one entity');
  });

  it('offers "Write one entity" only with a traced draw, and the studio opens on its losses', () => {
    const write = (seed: number): Promise<EntityTrace> => Promise.reject(new Error(`${seed}`));
    expect(html(createElement(WriteOneEntity, { write }))).toContain('Entity seed');
    const studio = html(
      createElement(SequenceStudioViews, {
        views,
        epochs: [],
        outline: sequenceOutline(real),
        model: 'seq-argn',
      }),
    );
    expect(count(studio, 'role="tab"')).toBe(5);
    expect(studio).toContain('aria-selected="true"');
    expect(studio).toContain('after the first epoch');
    const trees = html(
      createElement(SequenceStudioViews, { views, epochs: [], outline: null, model: 'seq-trees' }),
    );
    expect(trees).toContain('no loss curve');
  });
});
