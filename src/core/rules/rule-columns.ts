/**
 * The column rules of a rules-only table (a distribution, a template or a formula), each
 * checked and compiled into a drawer. See rules-spec.ts for the table as a whole.
 */
import { detectDatetimeFormat, parseDatetime } from '../data/datetime-format';
import type { Rng } from '../rng';
import type { ColumnKind, DatetimeFormat } from '../types';
import { formulaColumns, parseFormula, type Expr } from './expression';
import { parseTemplate, type Template } from './template';

interface RuleBase {
  name: string;
  /** Share of cells left missing, 0 to under 1 (default 0). */
  missing?: number;
}

/** One column of a rules-only table. */
export type RuleColumn = RuleBase &
  (
    | {
        /** Normal with `mean` and `sd`; values outside `min`/`max` are drawn again. */
        type: 'normal';
        mean: number;
        sd: number;
        min?: number;
        max?: number;
        decimals?: number;
        integer?: boolean;
      }
    | { type: 'uniform'; min: number; max: number; decimals?: number; integer?: boolean }
    /** One of `values`, with probability proportional to `weights` (equal when left out). */
    | { type: 'categorical'; values: string[]; weights?: number[] }
    /** Uniform between `start` and `end`, written with `format` (tokens as in the schema view). */
    | { type: 'datetime'; start: string; end: string; format?: string }
    /** Identifiers such as `ID-#####` (`#` digit, `?` letter, `*` either); unique by default. */
    | { type: 'template'; template: string; unique?: boolean }
    /** A number computed from other number columns of the same row, e.g. `price * quantity`. */
    | { type: 'formula'; formula: string; decimals?: number; integer?: boolean }
  );

export type RuleType = RuleColumn['type'];
export const RULE_TYPES: readonly RuleType[] = [
  'normal',
  'uniform',
  'categorical',
  'datetime',
  'template',
  'formula',
];

export type CompiledColumn =
  | { kind: 'number'; rule: RuleColumn; decimals: number; draw: (rng: Rng) => number }
  | { kind: 'formula'; rule: RuleColumn; decimals: number; expr: Expr; inputs: string[] }
  | {
      kind: 'datetime';
      rule: RuleColumn;
      start: number;
      end: number;
      step: number;
      format: DatetimeFormat;
    }
  | { kind: 'categorical'; rule: RuleColumn; values: string[]; weights: number[] }
  | { kind: 'template'; rule: RuleColumn; template: Template; unique: boolean };

/** A rules spec that cannot be generated, listing every mistake (one per line). */
export class RulesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RulesError';
  }
}

const DAY_MS = 86_400_000;
/** A finite number (not NaN, not infinite, not a string). */
export const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

function decimalsOf(rule: { decimals?: number; integer?: boolean }, where: string): number {
  if (rule.integer) return 0;
  if (rule.decimals === undefined) return 2;
  if (!Number.isInteger(rule.decimals) || rule.decimals < 0 || rule.decimals > 15)
    throw new RulesError(`${where}: decimals must be a whole number from 0 to 15.`);
  return rule.decimals;
}

/** The finest unit a date pattern writes, so drawn dates land on what is written. */
function resolutionOf(pattern: string): number {
  if (pattern.includes('SSS')) return 1;
  if (pattern.includes('ss')) return 1000;
  if (pattern.includes('mm')) return 60_000;
  if (/[Hh]/.test(pattern)) return 3_600_000;
  return DAY_MS;
}

function readDate(text: unknown, format: DatetimeFormat | null, where: string): number {
  if (typeof text === 'string') {
    const own = format ? parseDatetime(text, format) : NaN;
    if (!Number.isNaN(own)) return own;
    const detected = detectDatetimeFormat([text.trim()]);
    const t = detected ? parseDatetime(text, detected) : NaN;
    if (!Number.isNaN(t)) return t;
  }
  throw new RulesError(`${where}: "${String(text)}" is not a date (write it like 2024-01-31).`);
}

/**
 * Checks one column rule and compiles it into a drawer.
 *
 * @throws RulesError naming the column and what is wrong.
 */
export function compileColumn(rule: RuleColumn): CompiledColumn {
  const where = `Column ${rule.name}`;
  switch (rule.type) {
    case 'normal': {
      if (!finite(rule.mean) || !finite(rule.sd) || rule.sd < 0)
        throw new RulesError(`${where}: a normal needs a number mean and an sd of 0 or more.`);
      const min = finite(rule.min) ? rule.min : -Infinity;
      const max = finite(rule.max) ? rule.max : Infinity;
      if (min > max) throw new RulesError(`${where}: min ${min} is above max ${max}.`);
      if (rule.sd === 0 && (rule.mean < min || rule.mean > max))
        throw new RulesError(`${where}: with sd 0 every value is ${rule.mean}, outside min/max.`);
      const decimals = decimalsOf(rule, where);
      return {
        kind: 'number',
        rule,
        decimals,
        draw: (rng) => {
          for (let tries = 0; tries < 1000; tries += 1) {
            const x = rule.mean + rule.sd * rng.normal();
            if (x >= min && x <= max) return x;
          }
          throw new RulesError(
            `${where}: min ${min} and max ${max} leave almost nothing of a normal with mean ${rule.mean} and sd ${rule.sd}.`,
          );
        },
      };
    }
    case 'uniform': {
      if (!finite(rule.min) || !finite(rule.max) || rule.min > rule.max)
        throw new RulesError(`${where}: a uniform needs numbers min <= max.`);
      const decimals = decimalsOf(rule, where);
      const { min, max } = rule;
      // Whole numbers: every integer in [min, max] equally likely.
      const draw = rule.integer
        ? (rng: Rng) => Math.ceil(min) + rng.int(Math.floor(max) - Math.ceil(min) + 1)
        : (rng: Rng) => min + (max - min) * rng.uniform();
      if (rule.integer && Math.floor(max) < Math.ceil(min))
        throw new RulesError(`${where}: there is no whole number between ${min} and ${max}.`);
      return { kind: 'number', rule, decimals, draw };
    }
    case 'categorical': {
      const values = rule.values;
      if (
        !Array.isArray(values) ||
        values.length === 0 ||
        !values.every((v) => typeof v === 'string')
      )
        throw new RulesError(`${where}: a categorical column needs a list of values (texts).`);
      if (new Set(values).size !== values.length)
        throw new RulesError(`${where}: a value is listed twice.`);
      const weights = rule.weights ?? values.map(() => 1);
      if (
        !Array.isArray(weights) ||
        weights.length !== values.length ||
        !weights.every((w) => finite(w) && w >= 0) ||
        !weights.some((w) => w > 0)
      )
        throw new RulesError(
          `${where}: weights must be ${values.length} numbers of 0 or more (one per value), not all 0.`,
        );
      return { kind: 'categorical', rule, values: [...values], weights: [...weights] };
    }
    case 'datetime': {
      const format = rule.format ? { pattern: rule.format } : null;
      const start = readDate(rule.start, format, where);
      const end = readDate(rule.end, format, where);
      if (start > end)
        throw new RulesError(`${where}: start ${rule.start} is after end ${rule.end}.`);
      const pattern = format ??
        detectDatetimeFormat([String(rule.start).trim()]) ?? { pattern: 'YYYY-MM-DD' };
      return {
        kind: 'datetime',
        rule,
        start,
        end,
        step: resolutionOf(pattern.pattern),
        format: pattern,
      };
    }
    case 'template': {
      let template: Template;
      try {
        template = parseTemplate(rule.template);
      } catch (e) {
        throw new RulesError(`${where}: ${e instanceof Error ? e.message : String(e)}`);
      }
      return { kind: 'template', rule, template, unique: rule.unique !== false };
    }
    case 'formula': {
      let expr: Expr;
      try {
        expr = parseFormula(rule.formula);
      } catch (e) {
        throw new RulesError(`${where}: ${e instanceof Error ? e.message : String(e)}`);
      }
      const decimals = decimalsOf(rule, where);
      return { kind: 'formula', rule, decimals, expr, inputs: formulaColumns(expr) };
    }
  }
}

/** The schema kind a compiled rule writes, so constraints can be bound to it. */
export function kindOf(c: CompiledColumn): ColumnKind {
  switch (c.kind) {
    case 'number':
    case 'formula':
      return c.decimals === 0 ? 'integer' : 'continuous';
    case 'datetime':
      return 'datetime';
    case 'categorical':
      return 'categorical';
    case 'template':
      return 'identifier';
  }
}

/** Formulas after the columns they read; a cycle or a formula over a non-number is an error. */
