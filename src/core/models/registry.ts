/**
 * Every model Facsimile has, one entry each, in the order the picker and the comparison show
 * them. Plain data and small pure functions, no tfjs: the page reads it as it is, and the
 * worker and the CLI load a model's implementation through its entry's `load`.
 *
 * Adding a model: a folder under src/core/models/ with its config, its entry and its adapter
 * (see README, "Adding a model"), then one line here and its config in `ModelConfigs`.
 */
import { ARGN_ENTRY } from './argn/entry';
import { CART_ENTRY } from './cart/entry';
import type { ModelKind } from './contract';
import { COPULA_ENTRY } from './copula/entry';
import { CTGAN_ENTRY } from './ctgan/entry';
import { MST_ENTRY } from './mst/entry';
import type { ModelEntry } from './entry';
import { TVAE_ENTRY } from './tvae/entry';

export type { ModelKind, SynthesisConfig } from './contract';
export type { LossInfo, ModelEntry, SettingInfo } from './entry';

export const MODEL_REGISTRY: { readonly [K in ModelKind]: ModelEntry<K> } = {
  ctgan: CTGAN_ENTRY,
  tvae: TVAE_ENTRY,
  copula: COPULA_ENTRY,
  argn: ARGN_ENTRY,
  cart: CART_ENTRY,
  mst: MST_ENTRY,
};

/** The models in the order the picker and the comparison show them. */
export const MODEL_KINDS = Object.keys(MODEL_REGISTRY) as ModelKind[];

/** The entry of `kind`, or an Error in the user's words for a kind this app does not know. */
export function modelEntry<K extends ModelKind>(kind: K): ModelEntry<K> {
  const entry = (MODEL_REGISTRY as unknown as Partial<Record<string, ModelEntry<K>>>)[kind];
  if (!entry) throw new Error(`This app has no model called "${String(kind)}".`);
  return entry;
}

/** True when `kind` names a model this app has. */
export function isModelKind(kind: unknown): kind is ModelKind {
  return typeof kind === 'string' && Object.hasOwn(MODEL_REGISTRY, kind);
}

/** The models that train under differential privacy, with a budget the run states. */
export const DP_MODELS: readonly ModelKind[] = MODEL_KINDS.filter(
  (k) => MODEL_REGISTRY[k].differentialPrivacy === true,
);
