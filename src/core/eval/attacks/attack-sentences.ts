/**
 * Each attack's risk as one plain sentence, for the page, the HTML report and the terminal:
 * what an attacker holds, what they can do, and how much more often than chance would allow
 * (chance being the same attack on people the generator never saw).
 */
import type { AttackResult } from './risk';
import type { PrivacyAttacksReport } from './privacy-attacks';

export interface AttackSentence {
  /** "Singling out", "Linkability", "Inference of income". */
  title: string;
  text: string;
  result: AttackResult;
}

const pct = (x: number) => {
  const p = 100 * x;
  return `${p < 10 && p !== 0 ? p.toFixed(1) : p.toFixed(0)}%`;
};
const columns = (n: number) => `${n} column${n === 1 ? '' : 's'}`;

function interval(r: AttackResult): string {
  return ` (risk ${r.risk.toFixed(3)}, 95% interval ${r.ci[0].toFixed(3)}–${r.ci[1].toFixed(3)}, ${r.attacks.toLocaleString('en-US')} attacks)`;
}

/** The sentences of a report, headline first: singling out, linkability, then each inference. */
export function attackSentences(report: PrivacyAttacksReport): AttackSentence[] {
  const out: AttackSentence[] = [];
  const so = report.singlingOut;
  if (so) {
    out.push({
      title: 'Singling out',
      text:
        `An attacker holding the synthetic table can write conditions on ${columns(report.settings.singlingOutColumns)} that pick out exactly one real person ` +
        `${pct(so.risk)} more often than chance would allow${interval(so)}.`,
      result: so,
    });
  }
  const link = report.linkability;
  if (link) {
    out.push({
      title: 'Linkability',
      text:
        `An attacker holding the synthetic table and two separate records of a person (${columns(link.columnsA.length)} and ${columns(link.columnsB.length)}) ` +
        `can tell they belong together ${pct(link.risk)} more often than chance would allow${interval(link)}.`,
      result: link,
    });
  }
  for (const [secret, r] of Object.entries(report.inference)) {
    out.push({
      title: `Inference of ${secret}`,
      text:
        `An attacker holding the synthetic table and ${columns(r.known)} of a person can guess their ${secret} correctly ` +
        `${pct(r.risk)} more often than chance would allow${interval(r)}.`,
      result: r,
    });
  }
  return out;
}

/** The formal guarantee, or the lack of one, in one sentence. */
export function guaranteeSentence(epsilon: number | null | undefined): string {
  return typeof epsilon === 'number' && Number.isFinite(epsilon)
    ? `The model was trained with differential privacy at epsilon = ${epsilon}: a formal bound on what any attack can learn about one person.`
    : 'No formal privacy guarantee: the model was not trained with differential privacy, so the figures here are measurements of attacks on samples, not a bound.';
}
