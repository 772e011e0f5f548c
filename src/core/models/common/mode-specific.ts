/**
 * The adapter half CTGAN and TVAE share: a network that reads and writes the mode-specific
 * encoded matrix, wrapped so the pipeline sees rows in model form.
 */
import { decodeMatrix, outputSpans, type TransformerState } from '../../data/data-transformer';
import { buildLayout, type Layout } from '../../data/spans';
import { Rng } from '../../rng';
import type { BuildInput, Draw, ModelFile, SynthesisConfig, Synthesizer } from '../contract';
import type { EncodedTable, ModelState, NeuralModel } from './neural';
import { refuseFixedCells } from './refuse';

/** What a mode-specific network is created from. */
export interface NeuralInit {
  layout: Layout;
  seed: number;
  data?: EncodedTable;
  state?: ModelState;
}

type NeuralKind = 'ctgan' | 'tvae';

/** The seed a network's own draws start from (the same for training and for a loaded file). */
const networkSeed = (config: SynthesisConfig) => new Rng(config.seed ^ 0x5eed).seed();

/** The network of `kind` on the prepared matrix, or from a checkpoint's state. */
export function buildNeural<M extends NeuralModel>(
  input: BuildInput,
  create: (init: NeuralInit) => M,
): { model: M; transformer: TransformerState } {
  const { prepared, config, resume } = input;
  if (!prepared.transformer || !prepared.encoded)
    throw new Error('prepare() did not encode the table');
  const init: NeuralInit = {
    layout: buildLayout(outputSpans(prepared.transformer)),
    seed: networkSeed(config),
    data: prepared.encoded,
    ...(resume ? { state: resume } : {}),
  };
  return { model: create(init), transformer: prepared.transformer };
}

/** The network a model file (or a checkpoint's state, with its transformer) holds. */
export function restoreNeural<M extends NeuralModel>(
  config: SynthesisConfig,
  transformer: TransformerState,
  state: ModelState,
  create: (init: NeuralInit) => M,
): M {
  if (!transformer || !state) throw new Error('The model file has no weights in it.');
  const layout = buildLayout(outputSpans(transformer));
  return create({ layout, seed: networkSeed(config), state });
}

/** The contract over a mode-specific network; `nativeDraw` where the network has one. */
export function neuralSynthesizer<K extends NeuralKind>(
  kind: K,
  model: NeuralModel,
  transformer: TransformerState,
  trains: boolean,
  nativeDraw?: Synthesizer<K>['nativeDraw'],
): Synthesizer<K> {
  return {
    kind,
    training: trains ? model : null,
    async sample(rows, seed, options) {
      refuseFixedCells(options);
      return decodeMatrix(transformer, await model.sample(rows, seed), rows);
    },
    ...(nativeDraw ? { nativeDraw } : {}),
    save: async () => ({ transformer, model: await model.save() }),
    dispose: () => model.dispose(),
  };
}

/** The transformer and weights of a mode-specific model file. */
export function neuralFileState(file: Extract<ModelFile, { kind: NeuralKind }>): {
  transformer: TransformerState;
  model: ModelState;
} {
  const state = file.state as Partial<typeof file.state> | null;
  if (!state?.transformer || !state.model) throw new Error('The model file has no weights in it.');
  return { transformer: state.transformer, model: state.model };
}

export type { Draw };
