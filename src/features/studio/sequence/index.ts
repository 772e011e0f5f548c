/** The studio's sequence views, for the page to mount (plain data in, no engine inside). */
export { EntityTimelines, LEVEL_COLORS } from './EntityTimelines';
export { SequenceHowItWorks, type SequenceModelKind } from './SequenceHowItWorks';
export { SequenceLengthsChart } from './SequenceLengthsChart';
export { SequenceLossChart, SEQUENCE_LOSS_SERIES, type LossEpoch } from './SequenceLossChart';
export { SequenceStudioViews, type SequenceViewsTab } from './SequenceStudioViews';
export { TransitionHeatmaps } from './TransitionHeatmaps';
export { WriteOneEntity } from './WriteOneEntity';
