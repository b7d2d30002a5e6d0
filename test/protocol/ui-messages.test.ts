/**
 * Requests from an untrusted transport: every well-formed request passes unchanged, anything
 * else is refused with a message naming the field.
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_UI_ENGINE_PARAMS,
  parseUiRequest,
  type UiRequest,
} from '../../src/protocol/ui-messages.js';
import { encodeHostEvent, WAVEFORM_STEP } from '../../src/protocol/host-event-json.js';

const VALID: UiRequest[] = [
  { id: 1, type: 'list-devices' },
  { id: 2, type: 'start-live', device: null },
  { id: 3, type: 'start-live', device: 'USB' },
  { id: 4, type: 'start-live', device: 2 },
  { id: 5, type: 'open-source', sourceId: 'source-1' },
  { id: 6, type: 'stop' },
  { id: 7, type: 'set-engine', params: DEFAULT_UI_ENGINE_PARAMS },
  { id: 8, type: 'set-engine', params: { ...DEFAULT_UI_ENGINE_PARAMS, T: 4096, maxOrder: 1 } },
  { id: 9, type: 'pause' },
  { id: 10, type: 'resume' },
  { id: 11, type: 'seek', seconds: 0 },
  { id: 12, type: 'seek', seconds: 12.5 },
  { id: 13, type: 'set-speed', speed: 0.5 },
  { id: 14, type: 'set-speed', speed: 'max' },
  { id: 15, type: 'set-loop', loop: true },
  { id: 16, type: 'start-recording' },
  { id: 17, type: 'stop-recording' },
];

describe('parseUiRequest', () => {
  it('accepts every request type, after a trip through JSON', () => {
    for (const request of VALID) {
      expect(parseUiRequest(JSON.parse(JSON.stringify(request)))).toEqual(request);
    }
  });

  it('refuses malformed requests, naming what is wrong', () => {
    const cases: [unknown, string][] = [
      [null, 'a request must be an object'],
      [[1, 2], 'a request must be an object'],
      [{ type: 'stop' }, 'a request needs an integer id'],
      [{ id: 1.5, type: 'stop' }, 'a request needs an integer id'],
      [{ id: 1, type: 'format-disk' }, 'unknown request type "format-disk"'],
      [{ id: 1 }, 'unknown request type undefined'],
      [
        { id: 1, type: 'start-live', device: { path: '/dev/dsp' } },
        'start-live.device must be a name, an index or null',
      ],
      [{ id: 1, type: 'start-live' }, 'start-live.device must be a name, an index or null'],
      [{ id: 1, type: 'open-source', sourceId: 7 }, 'open-source.sourceId must be a string'],
      [{ id: 1, type: 'set-engine', params: null }, 'set-engine: params must be an object'],
      [
        { id: 1, type: 'set-engine', params: { ...DEFAULT_UI_ENGINE_PARAMS, J: '8' } },
        'set-engine: params.J must be an integer',
      ],
      [
        { id: 1, type: 'set-engine', params: { ...DEFAULT_UI_ENGINE_PARAMS, T: 1.5 } },
        'set-engine: params.T must be an integer or null',
      ],
      [
        { id: 1, type: 'set-engine', params: { ...DEFAULT_UI_ENGINE_PARAMS, maxOrder: 3 } },
        'set-engine: params.maxOrder must be 1 or 2',
      ],
      [{ id: 1, type: 'seek', seconds: -1 }, 'seek.seconds must be a number ≥ 0'],
      [{ id: 1, type: 'seek', seconds: 'NaN' }, 'seek.seconds must be a number ≥ 0'],
      [{ id: 1, type: 'set-speed', speed: 0 }, "set-speed.speed must be a number > 0 or 'max'"],
      [
        { id: 1, type: 'set-speed', speed: 'fast' },
        "set-speed.speed must be a number > 0 or 'max'",
      ],
      [{ id: 1, type: 'set-loop', loop: 'yes' }, 'set-loop.loop must be a boolean'],
    ];
    for (const [value, message] of cases) expect(parseUiRequest(value)).toBe(message);
  });
});

describe('encodeHostEvent', () => {
  it('rounds the waveform to 1e-4 of full scale, which halves its text', () => {
    const minMax = Float32Array.from({ length: 600 }, (_, i) => Math.sin(i * 0.37) * 0.9);
    const view = { minMax, seconds: 0.1, peakDb: -1, rmsDb: -4, clipped: false };
    const text = encodeHostEvent({ type: 'input', view });
    const sent = (JSON.parse(text) as { view: { minMax: number[] } }).view.minMax;
    expect(sent).toHaveLength(600);
    sent.forEach((value, i) => {
      expect(Math.abs(value - (minMax[i] ?? 0))).toBeLessThanOrEqual(WAVEFORM_STEP / 2 + 1e-9);
      expect(String(value).replace(/^-?0\./, '').length).toBeLessThanOrEqual(4);
    });
    const unrounded = JSON.stringify({
      type: 'input',
      view: { ...view, minMax: Array.from(minMax) },
    });
    expect(text.length).toBeLessThan(unrounded.length / 2);
  });

  it('sends an input view with its min/max as a plain array, silence as null', () => {
    const text = encodeHostEvent({
      type: 'input',
      view: {
        minMax: Float32Array.from([-0.5, 0.25]),
        seconds: 0.1,
        peakDb: null,
        rmsDb: -12,
        clipped: false,
      },
    });
    expect(JSON.parse(text)).toEqual({
      type: 'input',
      view: { minMax: [-0.5, 0.25], seconds: 0.1, peakDb: null, rmsDb: -12, clipped: false },
    });
  });

  it('sends other events as they are', () => {
    const notice = {
      type: 'notice',
      level: 'error',
      code: 'device-lost',
      message: 'no audio for 900 ms',
    } as const;
    expect(JSON.parse(encodeHostEvent(notice))).toEqual(notice);
  });
});
