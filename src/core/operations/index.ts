// The public API of history editing, for the CLI, the extension and the graph: one function per
// operation (each returns an Operation for runOperation), undo/redo, continue/abort, previews.
export { absorbIntoOperation, type AbsorbOptions } from './absorbInto';
export { amendOperation, type AmendOptions, type AmendResult } from './amend';
export { commitOperation, type CommitOptions } from './commit';
export type { StageMode } from './common';
export type { Change, Operation, Outcome } from './context';
export { OperationError, type OperationErrorKind } from './errors';
export { foldOperation, type FoldOptions } from './fold';
export { hideOperation, unhideOperation } from './hide';
export { moveOperation, type MoveOptions, type MoveResult } from './move';
export { predictMove, previewMove, type MovePreview } from './preview';
export { reorderOperation, type Direction } from './reorder';
export { restackOperation } from './restack';
export { rewordOperation, type RewordOptions } from './reword';
export { runOperation } from './run';
export { abortUnfinished, continueStopped, settleUnfinished } from './sequencer';
export { oplogOf, type RepoSession } from './session';
export { splitOperation, type SplitOptions } from './split';
export { syncOperation, type SyncResult } from './sync';
export { unamendOperation, uncommitOperation } from './uncommit';
export { redoOperation, undoOperation } from '../oplog/undo';
