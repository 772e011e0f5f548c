import { MODELS } from '../train/model-catalog';
import type { InterruptedRun } from '../../worker/engine-client';

const two = (n: number) => String(n).padStart(2, '0');

/**
 * When a checkpoint was saved, in the user's local time: "14:03" today, "23 Nov 14:03" on
 * another day (a tab that crashed yesterday). Falls back to the stored text if unreadable.
 */
export function savedLabel(savedAt: string, now: Date = new Date()): string {
  const t = new Date(savedAt);
  if (Number.isNaN(t.getTime())) return savedAt;
  const time = `${two(t.getHours())}:${two(t.getMinutes())}`;
  const sameDay =
    t.getFullYear() === now.getFullYear() &&
    t.getMonth() === now.getMonth() &&
    t.getDate() === now.getDate();
  if (sameDay) return time;
  const month = t.toLocaleString('en', { month: 'short' });
  return `${t.getDate()} ${month}${t.getFullYear() === now.getFullYear() ? '' : ` ${t.getFullYear()}`} ${time}`;
}

/** "CTGAN on penguins.csv". */
export function runLabel(run: InterruptedRun): string {
  const title = (MODELS as Partial<Record<string, { title: string }>>)[run.model]?.title;
  return `${title ?? run.model} on ${run.name}`;
}

/** The banner's headline: where the run stopped, what it was and when it was last kept. */
export function interruptedText(run: InterruptedRun, now: Date = new Date()): string {
  return (
    `A training run was interrupted at epoch ${run.epoch} of ${run.epochs} ` +
    `(${runLabel(run)}, saved ${savedLabel(run.savedAt, now)}).`
  );
}

/** The note left once the run goes on. */
export function resumedText(run: InterruptedRun): string {
  return `Resumed: ${runLabel(run)} goes on from epoch ${run.epoch + 1} of ${run.epochs}.`;
}
