/**
 * Free text is never modelled and never copied: the codec fills text columns with placeholder
 * sentences built from a fixed word list, about as long as the column's values were.
 */
import type { Rng } from '../rng';

const WORDS: readonly string[] = (
  'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut ' +
  'labore et dolore magna aliqua enim ad minim veniam quis nostrud exercitation ullamco laboris ' +
  'nisi aliquip ex ea commodo consequat duis aute irure in reprehenderit voluptate velit esse ' +
  'cillum fugiat nulla pariatur excepteur sint occaecat cupidatat non proident sunt culpa qui ' +
  'officia deserunt mollit anim id est laborum'
).split(' ');

/** Sentences end with a full stop once they are this long, as prose does. */
const SENTENCE_LENGTH = 20;

/**
 * One placeholder sentence of roughly `meanLength` characters: the length is drawn uniformly
 * between half and one and a half times the mean, then filled with whole words.
 *
 * @param meanLength mean length (characters) of the column's non-missing values.
 */
export function placeholderText(meanLength: number, rng: Rng): string {
  const target = Math.max(1, Math.round(meanLength * (0.5 + rng.uniform())));
  let out = '';
  while (out.length < target) {
    const word = WORDS[rng.int(WORDS.length)] ?? 'lorem';
    out = out === '' ? word.charAt(0).toUpperCase() + word.slice(1) : `${out} ${word}`;
  }
  return target >= SENTENCE_LENGTH ? `${out}.` : out;
}
