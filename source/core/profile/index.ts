/** The profile diff engine: decode a pprof profile into the model, diff two, rows as data. */
export { buildModel } from './build-model.js';
export { type Decoder, decodeProfile, isGzip, profileBytes } from './decode.js';
export {
  type Attribution,
  checkComparable,
  type Delta,
  type DiffContext,
  type DiffJson,
  type DiffOptions,
  type DiffRow,
  diffProfiles,
  diffToJson,
  formatFrame,
  GROUPINGS,
  type Grouping,
  type ProfileDiff,
  type StackDelta,
  stacksForRow,
} from './diff.js';
export {
  type Frame,
  frameAt,
  type ProfileKind,
  type ProfileModel,
  type RawProfile,
  type SampleType,
  sampleFrames,
  sampleTypeIndex,
  totalOf,
} from './model.js';
export { compileFilter, isRuntimeFrame, packageOf, RUNTIME_FRAME_PATTERN } from './names.js';
