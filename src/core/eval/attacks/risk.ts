/**
 * From counts of successful attacks to a privacy risk with a confidence interval, as Anonymeter
 * (Giomi et al., PoPETs 2023) defines it: each success rate is a Wilson score estimate; the risk
 * is the attack's excess success over the control attack, normalised by the room the control
 * leaves (`(attack - control) / (1 - control)`), its error propagated from both rates, and the
 * value and interval clipped to 0-1.
 */

/** z of a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

/** A Wilson score estimate of a success rate and its half-width. */
export interface Rate {
  value: number;
  error: number;
}

/** The outcome of one attack, as the report and the JSON carry it. */
export interface AttackResult {
  /** Excess success on training rows over control rows, normalised; 0 = no leak, 1 = total. */
  risk: number;
  /** 95% confidence interval of the risk, clipped to 0-1. */
  ci: [number, number];
  /** Share of attacks on training rows that succeeded (Wilson estimate). */
  attackRate: number;
  /** The same attacks on control rows (people the generator never saw). */
  controlRate: number;
  /** A naive attacker's success on training rows, ignoring what the synthetic rows say. */
  baselineRate: number;
  /** Number of attacks made on each side. */
  attacks: number;
  /** Set when the naive baseline does as well as the attack: the attack is too weak to say anything. */
  warning?: string;
}

/** Wilson score estimate of `successes` out of `total` (successes may be fractional). */
export function successRate(successes: number, total: number, z = Z95): Rate {
  if (total <= 0) return { value: 0, error: 1 };
  const z2 = z * z;
  const variance = (successes * (total - successes)) / total;
  const denominator = total + z2;
  return {
    value: (successes + 0.5 * z2) / denominator,
    error: (z / denominator) * Math.sqrt(Math.max(0, variance) + 0.25 * z2),
  };
}

/** Excess of `attack` over `control`, normalised by `1 - control`, with its propagated error. */
export function residualRate(attack: Rate, control: Rate): Rate {
  const room = 1 - control.value;
  if (room <= 0) return { value: 0, error: 1 };
  const dAttack = 1 / room;
  const dControl = (attack.value - 1) / (room * room);
  return {
    value: (attack.value - control.value) / room,
    error: Math.hypot(attack.error * dAttack, control.error * dControl),
  };
}

const clip = (x: number) => Math.min(1, Math.max(0, x));

/**
 * The result of `attacks` attacks on each side.
 *
 * @param success successful attacks on training rows.
 * @param control successful attacks on control rows (may be fractional after a size correction).
 * @param baseline successful naive attacks on training rows.
 */
export function attackResult(
  attacks: number,
  success: number,
  control: number,
  baseline: number,
): AttackResult {
  const a = successRate(success, attacks);
  const c = successRate(control, attacks);
  const b = successRate(baseline, attacks);
  const r = residualRate(a, c);
  const result: AttackResult = {
    risk: clip(r.value),
    ci: [clip(r.value - r.error), clip(r.value + r.error)],
    attackRate: a.value,
    controlRate: c.value,
    baselineRate: b.value,
    attacks,
  };
  if (b.value >= a.value) {
    result.warning =
      'A naive attacker who ignores the synthetic table does as well as this attack, so the attack is too weak to say anything about this table.';
  }
  return result;
}
