/**
 * Identifier templates such as `ID-#####`: `#` is a digit, `?` an upper-case letter, `*` an
 * upper-case letter or a digit, `\` writes the next character as it is; everything else is
 * literal. The same template checks values (format constraints) and writes them (rules).
 */
import type { Rng } from '../rng';

export type TemplateSlot = { literal: string } | { class: 'digit' | 'letter' | 'alnum' };

export interface Template {
  text: string;
  slots: TemplateSlot[];
  /** How many distinct values the template can write (may be Infinity for huge templates). */
  capacity: number;
}

const DIGITS = '0123456789';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ALNUM = DIGITS + LETTERS;
const CHARS = { digit: DIGITS, letter: LETTERS, alnum: ALNUM } as const;

/** Reads a template; throws an Error in the user's words when it writes nothing variable. */
export function parseTemplate(text: string): Template {
  const slots: TemplateSlot[] = [];
  let capacity = 1;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i] as string;
    if (ch === '\\') {
      const next = text[i + 1];
      if (next === undefined) throw new Error(`The template "${text}" ends with a lone \\.`);
      slots.push({ literal: next });
      i += 1;
    } else if (ch === '#' || ch === '?' || ch === '*') {
      const cls = ch === '#' ? 'digit' : ch === '?' ? 'letter' : 'alnum';
      slots.push({ class: cls });
      capacity *= CHARS[cls].length;
    } else slots.push({ literal: ch });
  }
  if (!slots.some((s) => 'class' in s))
    throw new Error(
      `The template "${text}" has no # (digit), ? (letter) or * (letter or digit) to fill in.`,
    );
  return { text, slots, capacity };
}

/** Whether `value` is written exactly like the template. */
export function matchesTemplate(template: Template, value: string): boolean {
  if (value.length !== template.slots.length) return false;
  for (let i = 0; i < value.length; i += 1) {
    const slot = template.slots[i] as TemplateSlot;
    const ch = value[i] as string;
    if ('literal' in slot ? slot.literal !== ch : !CHARS[slot.class].includes(ch)) return false;
  }
  return true;
}

/** One value written from the template. */
export function fillTemplate(template: Template, rng: Rng): string {
  let out = '';
  for (const slot of template.slots) {
    if ('literal' in slot) out += slot.literal;
    else {
      const chars = CHARS[slot.class];
      out += chars[rng.int(chars.length)] as string;
    }
  }
  return out;
}

/**
 * `count` values from the template; with `taken`, none of them is in it or in `avoid`, and
 * each is added to `taken`, so values stay unique across calls.
 *
 * @throws Error when the template cannot write that many distinct values.
 */
export function fillTemplateMany(
  template: Template,
  count: number,
  rng: Rng,
  taken?: Set<string>,
  avoid: ReadonlySet<string> = new Set(),
): string[] {
  const out = new Array<string>(count);
  const asked = (taken?.size ?? 0) + avoid.size + count;
  if (taken && asked > template.capacity)
    throw new Error(
      `The template "${template.text}" can write only ${template.capacity} distinct values; ${asked} unique values were asked for.`,
    );
  const used = (value: string) => taken?.has(value) === true || avoid.has(value);
  for (let i = 0; i < count; i += 1) {
    let value = fillTemplate(template, rng);
    if (taken) while (used(value)) value = fillTemplate(template, rng);
    taken?.add(value);
    out[i] = value;
  }
  return out;
}
