import Papa from 'papaparse';
import type { ReadReport } from '../types';

/** Delimiters Facsimile recognises, in order of preference when two score the same. */
export const DELIMITERS = [',', ';', '\t', '|'] as const;

export interface Dialect {
  delimiter: string;
  lineEnding: ReadReport['lineEnding'];
}

/**
 * Picks the delimiter from the first part of a file: the candidate for which the most records
 * have the same number of fields (more than one), quotes respected. Falls back to `,` when
 * every candidate gives one field per record (a one-column file).
 *
 * @param sample the start of the file as text (a few tens of kilobytes is plenty).
 * @param complete whether `sample` is the whole file; when it is not, its last line may be
 *   cut short, so it is ignored.
 */
export function detectDialect(sample: string, complete = false): Dialect {
  const lineEnding = detectLineEnding(sample);
  const body = complete ? sample : trimLastPartialLine(sample);
  let best: { delimiter: string; score: number } = { delimiter: ',', score: -1 };
  for (const delimiter of DELIMITERS) {
    const parsed = Papa.parse<string[]>(body, {
      delimiter,
      preview: 200,
      skipEmptyLines: true,
    });
    const score = consistencyScore(parsed.data);
    if (score > best.score) best = { delimiter, score };
  }
  return { delimiter: best.delimiter, lineEnding };
}

/**
 * Score of a delimiter: records whose field count equals the most common count, times a small
 * bonus for more fields. Zero when the most common count is 1 (the delimiter never occurs).
 */
function consistencyScore(records: readonly (readonly string[])[]): number {
  if (records.length === 0) return 0;
  const tally = new Map<number, number>();
  for (const r of records) tally.set(r.length, (tally.get(r.length) ?? 0) + 1);
  let modeWidth = 1;
  let modeCount = 0;
  for (const [width, count] of tally) {
    if (count > modeCount || (count === modeCount && width > modeWidth)) {
      modeWidth = width;
      modeCount = count;
    }
  }
  if (modeWidth <= 1) return 0;
  // The header must agree with the body too; a delimiter that splits only prose is weak.
  const headerAgrees = records[0]?.length === modeWidth ? 1 : 0.5;
  return (modeCount / records.length) * headerAgrees * (1 + Math.log(modeWidth) / 100);
}

function detectLineEnding(sample: string): ReadReport['lineEnding'] {
  const lf = sample.indexOf('\n');
  const cr = sample.indexOf('\r');
  if (cr >= 0 && (lf < 0 || cr < lf)) return sample[cr + 1] === '\n' ? '\r\n' : '\r';
  return '\n';
}

function trimLastPartialLine(sample: string): string {
  const cut = Math.max(sample.lastIndexOf('\n'), sample.lastIndexOf('\r'));
  return cut > 0 ? sample.slice(0, cut) : sample;
}
