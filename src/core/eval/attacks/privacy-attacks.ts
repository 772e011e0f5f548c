/**
 * The three attacks regulators name (Article 29 Working Party, Opinion 05/2014): singling out,
 * linkability and inference, run against the synthetic table with the training rows as the
 * people at risk and the holdout rows as the control (people the generator never saw), after
 * Anonymeter (Giomi et al., PoPETs 2023). One seeded run; each attack's risk is its excess
 * success over the control, with a 95% confidence interval (risk.ts).
 */
import type { ModelTable } from '../../data/model-table';
import { Rng } from '../../rng';
import { sampleRows } from '../privacy';
import { attackSpace, type AttackSpace } from './attack-table';
import { inferenceAttack, type InferenceResult } from './inference';
import { linkabilityAttack, type LinkabilityResult } from './linkability';
import { singlingOutAttack, type SinglingOutResult } from './singling-out';

export type { AttackResult } from './risk';
export type { InferenceResult } from './inference';
export type { LinkabilityResult } from './linkability';
export type { SinglingOutResult } from './singling-out';

/** Attacks of each kind by default, as the speed goal and Anonymeter's examples use. */
export const DEFAULT_ATTACKS = 2000;
/** Columns per multivariate singling-out predicate (Anonymeter's default). */
export const DEFAULT_SINGLING_OUT_COLUMNS = 3;

export interface AttackSettings {
  /** Attacks of each kind (and targets on each side); missing: 2,000 or the rows there are. */
  attacks?: number;
  /** Secret columns of the inference attack; empty or missing: the default (see defaultSecrets). */
  secrets?: string[];
  /** The attacker's two column sets of the linkability attack; missing: the default split. */
  linkColumns?: [string[], string[]];
  /** Columns per multivariate singling-out predicate. */
  singlingOutColumns?: number;
  /** Nearest synthetic rows per part in the linkability attack. */
  neighbours?: number;
}

export interface PrivacyAttacksReport {
  /** Multivariate singling out (the headline figure); null when it could not run (see notes). */
  singlingOut: SinglingOutResult | null;
  /**
   * Singling out with one column per predicate. Kept in the JSON but not in the headline: its
   * control-size correction still leans high (on adult, real people the generator never saw
   * read 0.083 [0.056, 0.111] instead of an interval that includes 0).
   */
  singlingOutUnivariate: SinglingOutResult | null;
  linkability: LinkabilityResult | null;
  /** One result per secret column. */
  inference: Record<string, InferenceResult>;
  /** The settings as run (defaults filled in). */
  settings: Required<AttackSettings>;
  seed: number;
  seconds: number;
  /** Things the user should know, in their words. */
  notes: string[];
}

/** Bad attack input (no holdout, unknown column, too few rows), in the user's words. */
export class AttackInputError extends Error {
  override name = 'AttackInputError';
}

const count = (n: number) => n.toLocaleString('en-US');
const list = (names: readonly string[]) => names.map((n) => `"${n}"`).join(', ');

/** The default secret: the target column when there is one, else the last column. */
export function defaultSecrets(columns: readonly string[], target: string | null = null): string[] {
  if (target !== null && columns.includes(target)) return [target];
  return columns.length ? [columns[columns.length - 1] as string] : [];
}

/** The default linkability split: the first half of the columns against the second half. */
export function defaultLinkColumns(columns: readonly string[]): [string[], string[]] {
  const half = Math.ceil(columns.length / 2);
  return [columns.slice(0, half), columns.slice(half)];
}

function checkColumns(names: readonly string[], wanted: readonly string[], what: string): void {
  const unknown = wanted.filter((w) => !names.includes(w));
  if (unknown.length) {
    throw new AttackInputError(
      `${what}: the table has no column ${list(unknown)} (its columns are ${list(names)}).`,
    );
  }
}

/** The settings with defaults filled in, or an AttackInputError saying what is wrong. */
export function resolveAttackSettings(
  train: ModelTable,
  holdout: ModelTable | null,
  synth: ModelTable,
  settings: AttackSettings,
  target: string | null = null,
): Required<AttackSettings> {
  if (!holdout || holdout.rows === 0) {
    throw new AttackInputError(
      'The privacy attacks compare the people the generator learned from with people it never saw, and there are no holdout rows: keep a holdout to run them.',
    );
  }
  const names = train.columns.map((c) => c.name);
  if (names.length < 2)
    throw new AttackInputError('The privacy attacks need at least two columns.');
  const fewest = Math.min(train.rows, holdout.rows);
  const attacks = settings.attacks ?? Math.min(DEFAULT_ATTACKS, fewest);
  if (!Number.isInteger(attacks) || attacks < 1) {
    throw new AttackInputError(
      `The number of attacks must be a whole number of at least 1; got ${attacks}.`,
    );
  }
  if (attacks > fewest) {
    const which = holdout.rows <= train.rows ? 'holdout' : 'training table';
    throw new AttackInputError(
      `The ${which} has ${count(fewest)} rows, fewer than the ${count(attacks)} attacks asked for: ask for ${count(fewest)} attacks or fewer${which === 'holdout' ? ', or keep a larger holdout' : ''}.`,
    );
  }
  if (synth.rows < 2) throw new AttackInputError('The attacks need at least two synthetic rows.');
  const secrets = settings.secrets?.length
    ? [...new Set(settings.secrets)]
    : defaultSecrets(names, target);
  checkColumns(names, secrets, 'Inference');
  const link = settings.linkColumns ?? defaultLinkColumns(names);
  checkColumns(names, [...link[0], ...link[1]], 'Linkability');
  if (link[0].length === 0 || link[1].length === 0) {
    throw new AttackInputError(
      'Linkability: each of the two column sets needs at least one column.',
    );
  }
  const shared = link[0].filter((c) => link[1].includes(c));
  if (shared.length) {
    throw new AttackInputError(
      `Linkability: the two column sets must not share a column; both hold ${list(shared)}.`,
    );
  }
  const neighbours = settings.neighbours ?? 1;
  const width = settings.singlingOutColumns ?? DEFAULT_SINGLING_OUT_COLUMNS;
  if (!Number.isInteger(neighbours) || neighbours < 1) {
    throw new AttackInputError(
      `Linkability: neighbours must be a whole number of at least 1; got ${neighbours}.`,
    );
  }
  if (!Number.isInteger(width) || width < 1) {
    throw new AttackInputError(
      `Singling out: columns per predicate must be a whole number of at least 1; got ${width}.`,
    );
  }
  return {
    attacks,
    secrets,
    linkColumns: [link[0], link[1]],
    singlingOutColumns: Math.min(width, names.length),
    neighbours: Math.min(neighbours, synth.rows),
  };
}

/** Share of the whole run each attack takes, for one progress bar. */
const WEIGHT = { singlingOut: 0.35, univariate: 0.05, linkability: 0.25, inference: 0.35 };

function attempt<T>(what: string, notes: string[], run: () => T): T | null {
  try {
    return run();
  } catch (e) {
    notes.push(`${what} left out: ${e instanceof Error ? e.message : String(e)}`);
    return null;
  }
}

/** Singling out on 3 (or the set number of) columns and on one, with a note when few predicates were found. */
function singlingOutBoth(
  space: AttackSpace,
  settings: Required<AttackSettings>,
  part: (weight: number) => (share: number) => void,
  rng: Rng,
  notes: string[],
): { singlingOut: SinglingOutResult | null; singlingOutUnivariate: SinglingOutResult | null } {
  const run = (mode: 'multivariate' | 'univariate', what: string, weight: number) => {
    const modeRng = rng.fork();
    const options = {
      mode,
      attacks: settings.attacks,
      columns: mode === 'univariate' ? 1 : settings.singlingOutColumns,
      onProgress: part(weight),
    };
    const r = attempt(what, notes, () => singlingOutAttack(space, options, modeRng));
    if (r && r.attacks < r.asked) {
      notes.push(
        `Singling out (${r.mode}): the synthetic rows gave ${count(r.attacks)} predicates that single out one row, of the ${count(r.asked)} asked for; the figure rests on those.`,
      );
    }
    return r;
  };
  return {
    singlingOut: run('multivariate', 'Singling out', WEIGHT.singlingOut),
    singlingOutUnivariate: run('univariate', 'Univariate singling out', WEIGHT.univariate),
  };
}

/**
 * Runs the three attacks.
 *
 * @param input.train the rows the generator learned from; `holdout` rows it never saw (the
 *   control); `synth` the synthetic rows; all encoded with one codec (eval-tables.ts).
 * @param input.onProgress share (0-1) of the whole run done.
 * @throws AttackInputError for input the attacks cannot run on (no holdout, unknown column,
 *   more attacks than rows).
 */
export function runPrivacyAttacks(input: {
  train: ModelTable;
  holdout: ModelTable | null;
  synth: ModelTable;
  settings: AttackSettings;
  seed: number;
  target?: string | null;
  onProgress?: (share: number) => void;
}): PrivacyAttacksReport {
  const started = performance.now();
  const settings = resolveAttackSettings(
    input.train,
    input.holdout,
    input.synth,
    input.settings,
    input.target ?? null,
  );
  const space: AttackSpace = attackSpace(input.train, input.holdout as ModelTable, input.synth);
  const names = space.columns.map((c) => c.name);
  const rng = new Rng(input.seed);
  const targets = {
    train: sampleRows(space.train.rows, settings.attacks, rng.fork(), true),
    control: sampleRows(space.control.rows, settings.attacks, rng.fork(), true),
  };
  const notes: string[] = [];
  let done = 0;
  const part = (weight: number) => {
    const from = done;
    done += weight;
    return (share: number) => input.onProgress?.(Math.min(1, from + weight * share));
  };
  const { singlingOut, singlingOutUnivariate } = singlingOutBoth(space, settings, part, rng, notes);
  const index = (n: string) => names.indexOf(n);
  const linkRng = rng.fork();
  const linkability = attempt('Linkability', notes, () =>
    linkabilityAttack(
      space,
      targets,
      {
        attacks: settings.attacks,
        columnsA: settings.linkColumns[0].map(index),
        columnsB: settings.linkColumns[1].map(index),
        neighbours: settings.neighbours,
        onProgress: part(WEIGHT.linkability),
      },
      linkRng,
    ),
  );
  const inference: Record<string, InferenceResult> = {};
  for (const secret of settings.secrets) {
    const infRng = rng.fork();
    const result = attempt(`Inference of "${secret}"`, notes, () =>
      inferenceAttack(
        space,
        targets,
        {
          attacks: settings.attacks,
          secret: index(secret),
          onProgress: part(WEIGHT.inference / settings.secrets.length),
        },
        infRng,
      ),
    );
    if (result) inference[secret] = result;
  }
  input.onProgress?.(1);
  return {
    singlingOut,
    singlingOutUnivariate,
    linkability,
    inference,
    settings,
    seed: input.seed,
    seconds: (performance.now() - started) / 1000,
    notes,
  };
}
