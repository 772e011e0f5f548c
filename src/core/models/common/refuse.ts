import type { SampleOptions } from '../contract';

/** Models that write a row in one go cannot fix cells while they sample: say so, never ignore. */
export function refuseFixedCells(options: SampleOptions): void {
  if (options.conditions && Object.keys(options.conditions).length > 0)
    throw new Error(
      'Only the ARGN model can fix cells while it samples: give conditions to sampleRows.',
    );
}
