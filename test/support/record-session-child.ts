/**
 * A recording process for the crash tests: records a synthetic signal (and synthetic
 * scattering frames) into a session folder with the built SessionRecorder (dist/), and reports
 * on stdout, one JSON line each, what it has appended and every status change.
 *
 *   node test/support/record-session-child.ts DIR SECONDS realtime|fast
 *
 * realtime: 10 ms chunks at the pace of a 16 kHz stereo capture, until killed or SECONDS pass;
 * fast: as fast as the disk takes it, until the recorder stops on an error or SECONDS of
 * audio are written. Either way it closes the recorder and exits 0 at the end.
 * Run by node directly (type stripping), so it holds only erasable TypeScript.
 */
import type * as SessionRecorderModule from '../../src/io/session/session-recorder.js';
import type * as SessionSignalModule from './session-signal.js';

const [dir, secondsText, pace] = process.argv.slice(2);
if (dir === undefined || secondsText === undefined || (pace !== 'realtime' && pace !== 'fast')) {
  process.stderr.write('usage: record-session-child.ts DIR SECONDS realtime|fast\n');
  process.exit(2);
}

// Loaded by URL: the recorder as built (like the CLI tests), the signal as the .ts source.
const built = new URL('../../dist/src/io/session/session-recorder.js', import.meta.url);
const { SessionRecorder } = (await import(built.href)) as typeof SessionRecorderModule;
const signal = new URL('./session-signal.ts', import.meta.url);
const { syntheticFeed, syntheticRecorderOptions, CHILD_FORMAT } = (await import(
  signal.href
)) as typeof SessionSignalModule;

const seconds = Number(secondsText);
const { sampleRate, chunkSamples } = CHILD_FORMAT;

const report = (line: object): void => {
  process.stdout.write(`${JSON.stringify(line)}\n`);
};

const recorder = new SessionRecorder({
  ...syntheticRecorderOptions(dir),
  onStatus: (status) => {
    report({ event: 'status', ...status });
  },
});
const feed = syntheticFeed(recorder);

const started = performance.now();
const total = Math.round(seconds * sampleRate);

function finish(): void {
  const status = recorder.close();
  report({ event: 'closed', ...status, appendedSamples: feed.samples() });
}

if (pace === 'fast') {
  while (feed.samples() < total && recorder.status.state === 'recording') {
    feed.append(chunkSamples);
    // Headers up to date often, as the timer would over a real-time second.
    if (feed.samples() % (10 * chunkSamples) === 0) recorder.sync();
  }
  finish();
} else {
  const timer = setInterval(() => {
    const elapsedMs = performance.now() - started;
    const due = Math.min(total, Math.floor((elapsedMs * sampleRate) / 1000));
    if (due > feed.samples()) feed.append(due - feed.samples());
    // Written after the samples: everything reported here is in the file (the page cache).
    report({ event: 'progress', elapsedMs, appendedSamples: feed.samples() });
    if (feed.samples() >= total) {
      clearInterval(timer);
      finish();
    }
  }, 10);
}
