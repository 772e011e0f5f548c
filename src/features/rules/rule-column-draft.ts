/**
 * One column of a table made from rules, as the editor holds it while it is written, and the
 * step to the spec's column rule.
 */
import type { ColumnInfo } from '../../core/rules/constraints';
import { compileColumn, kindOf } from '../../core/rules/rule-columns';
import type { RuleColumn, RuleType } from '../../core/rules/rules-spec';

export const RULE_TYPE_INFO: Record<RuleType, { label: string; explain: string }> = {
  normal: {
    label: 'Normal (mean and spread)',
    explain: 'A bell curve: most values near the mean, about two in three within one sd of it.',
  },
  uniform: { label: 'Uniform', explain: 'Every value between the minimum and maximum as likely.' },
  categorical: {
    label: 'Categories with weights',
    explain: 'One of the listed values; a weight of 6 comes up six times as often as a 1.',
  },
  datetime: { label: 'Dates', explain: 'Dates spread evenly between the start and the end.' },
  template: {
    label: 'Template (identifiers)',
    explain: 'Written like the template: # a digit, ? a letter, * either, e.g. ID-#####.',
  },
  formula: {
    label: 'Formula',
    explain: 'Computed from other number columns of the same row, e.g. price * quantity.',
  },
};

export const RULE_TYPE_ORDER: readonly RuleType[] = [
  'normal',
  'uniform',
  'categorical',
  'datetime',
  'template',
  'formula',
];

export interface RuleColumnDraft {
  name: string;
  type: RuleType;
  mean: string;
  sd: string;
  min: string;
  max: string;
  decimals: string;
  integer: boolean;
  values: string;
  weights: string;
  start: string;
  end: string;
  format: string;
  template: string;
  unique: boolean;
  formula: string;
  /** Share of empty cells, in percent. */
  missing: string;
}

export const EMPTY_RULE_DRAFT: RuleColumnDraft = {
  name: '',
  type: 'normal',
  mean: '',
  sd: '',
  min: '',
  max: '',
  decimals: '',
  integer: false,
  values: '',
  weights: '',
  start: '',
  end: '',
  format: 'YYYY-MM-DD',
  template: '',
  unique: true,
  formula: '',
  missing: '',
};

/** A number typed in a field; empty or not a number reads as NaN (the spec check says so). */
const num = (text: string) => (text.trim() === '' ? NaN : Number(text));
const optional = (text: string) => (text.trim() === '' ? undefined : Number(text));
const list = (text: string) =>
  text
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');

function numberOptions(d: RuleColumnDraft): { decimals?: number; integer?: boolean } {
  const decimals = optional(d.decimals);
  return {
    ...(decimals !== undefined ? { decimals } : {}),
    ...(d.integer ? { integer: true } : {}),
  };
}

/** The spec's rule for the draft (not yet checked: see {@link checkRuleColumn}). */
export function draftToRule(d: RuleColumnDraft): RuleColumn {
  const name = d.name.trim();
  const missingPercent = optional(d.missing);
  const missing = missingPercent !== undefined ? { missing: missingPercent / 100 } : {};
  switch (d.type) {
    case 'normal': {
      const min = optional(d.min);
      const max = optional(d.max);
      return {
        name,
        type: 'normal',
        mean: num(d.mean),
        sd: num(d.sd),
        ...(min !== undefined ? { min } : {}),
        ...(max !== undefined ? { max } : {}),
        ...numberOptions(d),
        ...missing,
      };
    }
    case 'uniform':
      return {
        name,
        type: 'uniform',
        min: num(d.min),
        max: num(d.max),
        ...numberOptions(d),
        ...missing,
      };
    case 'categorical': {
      const weights = list(d.weights).map(Number);
      return {
        name,
        type: 'categorical',
        values: list(d.values),
        ...(weights.length > 0 ? { weights } : {}),
        ...missing,
      };
    }
    case 'datetime':
      return {
        name,
        type: 'datetime',
        start: d.start.trim(),
        end: d.end.trim(),
        ...(d.format.trim() !== '' ? { format: d.format.trim() } : {}),
        ...missing,
      };
    case 'template':
      return { name, type: 'template', template: d.template.trim(), unique: d.unique, ...missing };
    case 'formula':
      return { name, type: 'formula', formula: d.formula.trim(), ...numberOptions(d), ...missing };
  }
}

/**
 * Checks one column rule on its own (formulas are checked against the other columns when the
 * table is made).
 *
 * @throws Error naming what is wrong, in the user's words.
 */
export function checkRuleColumn(rule: RuleColumn, taken: readonly string[]): void {
  if (rule.name === '') throw new Error('Give the column a name.');
  if (taken.includes(rule.name)) throw new Error(`There is already a column named ${rule.name}.`);
  if (
    rule.missing !== undefined &&
    !(Number.isFinite(rule.missing) && rule.missing >= 0 && rule.missing < 1)
  )
    throw new Error('Empty cells is a percentage from 0 up to (not including) 100.');
  compileColumn(rule);
}

/** The columns of a rules table as constraints see them (a rule that does not compile is left out). */
export function ruleColumnInfos(rules: readonly RuleColumn[]): ColumnInfo[] {
  const out: ColumnInfo[] = [];
  for (const rule of rules) {
    try {
      const c = compileColumn(rule);
      out.push({
        name: rule.name,
        kind: kindOf(c),
        datetimeFormat: c.kind === 'datetime' ? c.format : null,
      });
    } catch {
      // a rule read from a file may be wrong; making the table names the mistake
    }
  }
  return out;
}

const fmt = (x: number | undefined) => (x === undefined ? '' : String(x));

/** One line describing a column rule. */
export function describeRule(rule: RuleColumn): string {
  const missing = rule.missing ? `, ${fmt(rule.missing * 100)}% empty` : '';
  switch (rule.type) {
    case 'normal':
      return `normal, mean ${fmt(rule.mean)}, sd ${fmt(rule.sd)}${rule.min !== undefined ? `, at least ${fmt(rule.min)}` : ''}${rule.max !== undefined ? `, at most ${fmt(rule.max)}` : ''}${missing}`;
    case 'uniform':
      return `uniform from ${fmt(rule.min)} to ${fmt(rule.max)}${rule.integer ? ', whole numbers' : ''}${missing}`;
    case 'categorical':
      return `one of ${(rule.values ?? [])
        .map((v, i) => (rule.weights ? `${v} (weight ${fmt(rule.weights[i])})` : v))
        .join(', ')}${missing}`;
    case 'datetime':
      return `dates from ${rule.start} to ${rule.end}${missing}`;
    case 'template':
      return `like ${rule.template}${rule.unique === false ? '' : ', unique'}${missing}`;
    case 'formula':
      return `= ${rule.formula}${missing}`;
  }
}
