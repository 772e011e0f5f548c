/** The sequential trees behind the one contract: fit in one go, never saved (they keep donors). */
import { Rng } from '../../rng';
import type { ModelImplementation } from '../contract';
import { refuseFixedCells } from '../common/refuse';
import { cartAnatomy, explainCartRow } from './cart-explain';
import { CART_UNSAVABLE } from './config';
import { fitSequentialTrees, sampleSequentialTrees } from './sequential-trees';

export const CART: ModelImplementation<'cart'> = {
  build({ prepared, config }) {
    const model = fitSequentialTrees(
      prepared.trainingTable,
      config.cart ?? {},
      new Rng(config.seed).fork(),
    );
    return {
      kind: 'cart',
      training: null,
      async sample(rows, seed, options) {
        refuseFixedCells(options);
        return sampleSequentialTrees(model, rows, new Rng(seed));
      },
      save: () => Promise.reject(new Error(CART_UNSAVABLE)),
      anatomy: () => cartAnatomy(model),
      explainRow: async (seed) => explainCartRow(model, seed),
      dispose: () => undefined,
    };
  },
  restore() {
    throw new Error('A tree model cannot be loaded from a file: it is never saved.');
  },
};
