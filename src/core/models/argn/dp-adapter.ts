/**
 * ARGN under differential privacy behind the one contract: built when the run states a budget,
 * it carries its privacy statement and a codec with nothing read from the rows outside its
 * budget parts (MST's public codec over ARGN's own domains).
 */
import type { CodecState } from '../../data/codec-state';
import type { DifferentialPrivacy } from '../../privacy/budget';
import { DpRefusal } from '../../privacy/budget';
import type { BuildInput, Synthesizer } from '../contract';
import { discreteLevels } from '../mst/discretise';
import { publicCodec } from '../mst/public-codec';
import type { ColumnDomain } from '../mst/value-ranges';
import { createDpArgn } from './dp-argn';

/** The domains as a public codec reads them (levels with "other" and missing, as MST's). */
const publicDomains = (domains: readonly ColumnDomain[]) =>
  domains.map((d) => (d.type === 'discrete' ? { ...d, levels: discreteLevels(d.levels) } : d));

/**
 * The DP parts of an ARGN synthesizer built under `input.config.privacy`, and its model.
 *
 * @throws DpRefusal before anything is trained when the budget or the table does not allow it.
 */
export function buildDpArgn(input: BuildInput) {
  const { prepared, config, resume } = input;
  const privacy = config.privacy;
  if (!privacy)
    throw new DpRefusal('Give epsilon and delta to train ARGN under differential privacy.');
  if (resume)
    throw new DpRefusal(
      'A run under differential privacy cannot be continued from a checkpoint: its budget was planned for the whole run. Start it again.',
    );
  const model = createDpArgn(prepared.trainingTable, privacy, config.epochs, config.seed);
  const domains = publicDomains(model.domains);
  const extra: Pick<Synthesizer<'argn'>, 'publicCodec' | 'differentialPrivacy'> = {
    publicCodec: (codec: CodecState) => publicCodec(codec, domains),
    differentialPrivacy: () => model.differentialPrivacy(),
  };
  return { model, extra };
}

/** A restored DP ARGN still says what its training spent. */
export const restoredPrivacy = (dp: DifferentialPrivacy | undefined) =>
  dp ? { differentialPrivacy: () => dp } : {};
