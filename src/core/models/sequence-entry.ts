/** What the sequence registry says about one sequence model: plain data, no tfjs. */
import type { SequenceModelImplementation, SequenceModelKind } from './sequence-contract';
import type { SettingInfo } from './entry';

export interface SequenceModelEntry {
  kind: SequenceModelKind;
  title: string;
  /** What it does. */
  explain: string;
  /** When to pick it rather than the other one. */
  whenToUse: string;
  /** Runs on a tfjs backend (the worker starts one first). */
  needsBackend: boolean;
  /** Trains over epochs with a loss curve (false: fits in one pass). */
  trainsInEpochs: boolean;
  /** Epochs the page proposes (null: the model picks them for the table). */
  defaultEpochs: number | null;
  /** Most events the model writes per entity (null: as many as it learned, up to the training cap). */
  maxEvents: number | null;
  /** Why the model cannot be saved as a model file, in the user's words; null: it can. */
  unsavable: string | null;
  /** How to read the loss chart. */
  lossHelp: string;
  settings: SettingInfo[];
  /** Loads the implementation (tfjs for the network): call from the worker or the CLI. */
  load(): Promise<SequenceModelImplementation>;
}
