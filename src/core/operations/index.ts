// The public API of history editing, for the CLI, the extension and the graph: one function per
// operation (each returns an Operation for runOperation), undo/redo, continue/abort, previews.
export { absorbOperation, type AbsorbResult, type AbsorbTarget } from './absorb';
export { absorbIntoOperation, type AbsorbOptions } from './absorbInto';
export { absorbPreview } from './absorbPreview';
export { destination, hunkLines } from './absorbText';
export { STAY_REASONS, type AbsorbPlan, type AbsorbRow, type LineRange, type StayReason } from './absorbPlan';
export { amendOperation, type AmendOptions, type AmendResult } from './amend';
export { commitOperation, type CommitOptions } from './commit';
export type { StageMode } from './common';
export type { Change, Operation, Outcome } from './context';
export { OperationError, type OperationErrorKind } from './errors';
export { foldOperation, type FoldOptions } from './fold';
export { hideOperation, revsHiddenBy, unhideOperation } from './hide';
export { moveOperation, type MoveOptions, type MoveResult } from './move';
export {
  predictAbsorb,
  predictAbsorbInto,
  predictAmend,
  predictFold,
  predictHide,
  predictReorder,
  predictRestack,
  predictReword,
  predictSplit,
  predictSync,
  predictUncommit,
} from './predict';
export { predictMove, previewAbsorbInto, previewMove, type ChangesPreview, type MovePreview } from './preview';
export { reorderOperation, type Direction } from './reorder';
export { restackOperation } from './restack';
export { rewordOperation, type RewordOptions } from './reword';
export { runOperation } from './run';
export { abortUnfinished, continueStopped, settleUnfinished } from './sequencer';
export { oplogOf } from '../oplog/files';
export type { RepoSession } from './session';
export { splitOperation, splitPieces, type SplitOptions, type SplitResult } from './split';
export {
  formatHunkPicks,
  parseHunkPicks,
  readSplitChanges,
  WHOLE_REASONS,
  type HunkPick,
  type PieceLine,
  type SplitPiece,
  type WholeReason,
} from './splitPieces';
export { syncOperation, type SyncResult } from './sync';
export { unamendOperation, uncommitOperation } from './uncommit';
export { redoOperation, undoOperation, type UndoResult } from './undo';
