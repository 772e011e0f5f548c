/**
 * Answers the "How it works" requests on the trained model: its fitted anatomy ('explain-model')
 * and one synthetic row written step by step ('explain-row'). Plain data goes back; never a
 * training row (the trees' explanation carries the value written, not the donor's row).
 */
import type { Synthesis } from '../core/pipeline';
import type { EngineRequest, EngineResponse } from './protocol';

type ExplainRequest = Extract<EngineRequest, { type: 'explain-model' | 'explain-row' }>;

export async function answerExplain(
  synthesis: Synthesis | null,
  message: ExplainRequest,
  post: (m: EngineResponse) => void,
): Promise<void> {
  const { runId } = message;
  if (!synthesis) {
    post({ type: 'error', runId, code: 'no-model', message: 'Train a model first.' });
    return;
  }
  try {
    switch (message.type) {
      case 'explain-model':
        post({ type: 'model-explained', runId, anatomy: synthesis.fittedAnatomy() });
        return;
      case 'explain-row':
        if (!Number.isInteger(message.seed)) throw new Error('The seed must be a whole number.');
        post({
          type: 'row-explained',
          runId,
          explanation: await synthesis.explainRow(message.seed),
        });
        return;
    }
  } catch (err) {
    const text = err instanceof Error ? err.message : String(err);
    post({ type: 'error', runId, code: 'internal', message: `Could not explain a row: ${text}` });
  }
}
