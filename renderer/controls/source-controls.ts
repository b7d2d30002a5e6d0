/**
 * What is analysed: an input device (live) or a source the host offers (replay). In the
 * desktop app, native dialogs add files and sessions to the host's sources.
 */
import type { DesktopBridge } from '../../src/protocol/desktop-bridge.js';
import type { DeviceInfo, HostState } from '../../src/protocol/ui-messages.js';
import type { UiRequestBody } from '../client/engine-client.js';
import { byTestId, setOptions } from './dom.js';

export type Requester = (body: UiRequestBody) => Promise<void>;

const DEFAULT_DEVICE = '';

export class SourceControls {
  private readonly devicePicker = byTestId('device-picker', HTMLSelectElement);
  private readonly startLive = byTestId('start-live', HTMLButtonElement);
  private readonly stop = byTestId('stop', HTMLButtonElement);
  private readonly sourcePicker = byTestId('source-picker', HTMLSelectElement);
  private readonly openSource = byTestId('open-source', HTMLButtonElement);

  constructor(
    private readonly request: Requester,
    private readonly bridge: DesktopBridge | null,
    private preferredDevice: string | null,
    onDeviceChosen: (device: string | null) => void,
  ) {
    setOptions(this.devicePicker, [{ value: DEFAULT_DEVICE, label: 'default input' }]);
    this.devicePicker.addEventListener('change', () => {
      this.preferredDevice = this.chosenDevice();
      onDeviceChosen(this.preferredDevice);
    });
    this.startLive.addEventListener('click', () => {
      void this.request({ type: 'start-live', device: this.chosenDevice() });
    });
    this.stop.addEventListener('click', () => {
      void this.request({ type: 'stop' });
    });
    this.openSource.addEventListener('click', () => this.openSelected());
    byTestId('open-file', HTMLButtonElement).addEventListener('click', () =>
      this.openDialog('file'),
    );
    byTestId('open-session', HTMLButtonElement).addEventListener('click', () =>
      this.openDialog('session'),
    );
  }

  private chosenDevice(): string | null {
    return this.devicePicker.value === DEFAULT_DEVICE ? null : this.devicePicker.value;
  }

  /** Opens the source picked in the list (browser), or shows the file dialog (desktop). */
  open(): void {
    if (this.bridge !== null) this.openDialog('file');
    else this.openSelected();
  }

  private openSelected(): void {
    const sourceId = this.sourcePicker.value;
    if (sourceId !== '') void this.request({ type: 'open-source', sourceId });
  }

  /** The desktop app's native dialog for a file or a session folder, then replays the choice. */
  openDialog(kind: 'file' | 'session'): void {
    const bridge = this.bridge;
    if (bridge === null) return;
    void bridge.openSource(kind).then((sourceId) => {
      if (sourceId !== null) void this.request({ type: 'open-source', sourceId });
    });
  }

  showDevices(devices: readonly DeviceInfo[]): void {
    setOptions(
      this.devicePicker,
      [
        { value: DEFAULT_DEVICE, label: 'default input' },
        ...devices.map((device) => ({
          value: device.name,
          label: `${device.name} (${device.channels} ch, ${device.defaultSampleRate} Hz)${device.isDefault ? ' *' : ''}`,
        })),
      ],
      this.preferredDevice ?? DEFAULT_DEVICE,
    );
  }

  showState(state: HostState): void {
    this.devicePicker.disabled = !state.canCapture;
    this.startLive.disabled = !state.canCapture || state.mode === 'live';
    this.stop.disabled = state.mode === 'idle';
    setOptions(
      this.sourcePicker,
      state.sources.map((source) => ({
        value: source.id,
        label: `${source.label}${source.kind === 'session' ? ' (session)' : ''}`,
      })),
    );
    this.sourcePicker.disabled = state.sources.length === 0;
    this.openSource.disabled = state.sources.length === 0;
  }
}
