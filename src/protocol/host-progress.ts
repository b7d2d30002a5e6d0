/**
 * The moving part of a host state (the replay's position, the recording's seconds and bytes),
 * taken out for a `progress` event and put back into the state a UI keeps.
 */
import type { HostProgress, HostState } from './ui-messages.js';

/** The moving fields of `state`, as a `progress` event carries them. */
export function progressOf(state: HostState): HostProgress {
  const { replay, recording } = state;
  return {
    replay: replay === null ? null : { positionSeconds: replay.positionSeconds },
    recording: recording === null ? null : { seconds: recording.seconds, bytes: recording.bytes },
  };
}

export function sameProgress(a: HostProgress, b: HostProgress): boolean {
  return (
    a.replay?.positionSeconds === b.replay?.positionSeconds &&
    a.recording?.seconds === b.recording?.seconds &&
    a.recording?.bytes === b.recording?.bytes
  );
}

/**
 * `state` with `progress` in it: a new object (the old one is left as it was). A part of the
 * progress the state has no place for (a replay that has since ended) is dropped, and a part
 * the progress lacks leaves the state's as it was.
 */
export function applyProgress(state: HostState, progress: HostProgress): HostState {
  const { replay, recording } = state;
  return {
    ...state,
    replay:
      replay === null || progress.replay === null
        ? replay
        : { ...replay, positionSeconds: progress.replay.positionSeconds },
    recording:
      recording === null || progress.recording === null
        ? recording
        : { ...recording, seconds: progress.recording.seconds, bytes: progress.recording.bytes },
  };
}
