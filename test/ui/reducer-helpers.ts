import { TimelineStore } from '../../source/core/timeline/store.js';
import type { Command } from '../../source/ui/keymap.js';
import {
  initialUiState,
  type UiContext,
  type UiState,
  uiReducer,
} from '../../source/ui/reducer.js';

/** A reducer context for 100 cycles on screen, an empty store and no diff; override any field. */
export function context(overrides: Partial<UiContext> = {}): UiContext {
  return {
    first: 0,
    last: 99,
    chartWindow: 20,
    outputLines: 50,
    outputPage: 5,
    listLength: 8,
    listPage: 4,
    live: new TimelineStore().getSnapshot(),
    lastDiff: null,
    ...overrides,
  };
}

/** Runs commands through the reducer from `from`. */
export function run(commands: Command[], ctx = context(), from: UiState = initialUiState): UiState {
  return commands.reduce((s, command) => uiReducer(s, { type: 'command', command, ctx }), from);
}
