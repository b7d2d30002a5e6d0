/**
 * Record and stop, with where the recording goes. The host records into a folder it was
 * given; the desktop app can choose that folder with a native dialog.
 */
import type { DesktopBridge } from '../../src/protocol/desktop-bridge.js';
import type { HostState } from '../../src/protocol/ui-messages.js';
import { byTestId } from './dom.js';
import type { Requester } from './source-controls.js';

export class RecordControls {
  private readonly record = byTestId('record', HTMLButtonElement);
  private readonly folder = byTestId('record-folder', HTMLSpanElement);
  private recording = false;
  private canRecord = false;

  constructor(
    private readonly request: Requester,
    bridge: DesktopBridge | null,
  ) {
    this.record.addEventListener('click', () => this.toggle());
    byTestId('choose-folder', HTMLButtonElement).addEventListener('click', () => {
      void bridge?.chooseRecordingsFolder().then((path) => {
        if (path !== null) this.folder.textContent = `into ${path}`;
      });
    });
  }

  toggle(): void {
    if (this.recording) void this.request({ type: 'stop-recording' });
    else if (this.canRecord) void this.request({ type: 'start-recording' });
  }

  showState(state: HostState): void {
    const recording = state.recording;
    this.recording = recording?.active === true;
    this.canRecord = state.canRecord && state.mode !== 'idle';
    this.record.disabled = !this.recording && !this.canRecord;
    this.record.textContent = this.recording ? 'Stop recording' : 'Record';
    this.record.setAttribute('aria-pressed', String(this.recording));
    const text =
      recording === null
        ? state.canRecord
          ? 'into the recordings folder'
          : 'no recordings folder'
        : `${recording.active ? 'recording into' : 'recorded'} ${recording.folder}${recording.error === null ? '' : ` (stopped: ${recording.error})`}`;
    if (this.folder.textContent !== text) this.folder.textContent = text;
  }
}
