/**
 * The evaluation report as JSON: every figure, the settings and the seed. Typed arrays become
 * plain arrays and undefined figures (NaN, infinities) become null, so any JSON reader takes it.
 */
import { attackSentences, guaranteeSentence } from '../eval/attacks/attack-sentences';
import { dpStatement } from '../eval/dp-statement';
import type { EvaluationReport } from '../eval/evaluate';

/** The privacy attacks' headline sentences, as the page and the HTML report show them. */
function privacyRisks(report: EvaluationReport): Record<string, unknown> {
  if (!report.privacyAttacks) return {};
  return {
    privacyRisks: attackSentences(report.privacyAttacks).map((s) => ({
      attack: s.title,
      sentence: s.text,
      risk: s.result.risk,
      ci: s.result.ci,
      ...(s.result.warning ? { warning: s.result.warning } : {}),
    })),
  };
}

/** Version of the JSON layout, bumped when a field changes meaning. */
export const REPORT_JSON_VERSION = 1;

function clean(_key: string, value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return Array.from(value as unknown as ArrayLike<number>, (x) =>
      Number.isFinite(x) ? x : null,
    );
  }
  return value;
}

/**
 * The report as a JSON string.
 *
 * @param extra fields added at the top level (e.g. the files scored, warnings).
 * @param indent spaces per level; 0 for one line.
 */
export function reportToJson(
  report: EvaluationReport,
  extra: Record<string, unknown> = {},
  indent = 1,
): string {
  return JSON.stringify(
    {
      format: 'facsimile-evaluation',
      version: REPORT_JSON_VERSION,
      ...report,
      epsilon: report.differentialPrivacy?.epsilon ?? report.epsilon ?? null,
      differentialPrivacy: report.differentialPrivacy ?? null,
      privacyGuarantee: report.differentialPrivacy
        ? dpStatement(report.differentialPrivacy).headline
        : guaranteeSentence(report.epsilon),
      ...privacyRisks(report),
      ...extra,
    },
    clean,
    indent || undefined,
  );
}
