/**
 * The virtual microphone of ../shared/tools (a PulseAudio null sink whose monitor is the default
 * capture source): start, stop, and play raw audio into it with pacat.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const TOOLS = fileURLToPath(new URL('../../../shared/tools/', import.meta.url));
export const SAMPLE_RATE = 48_000;

/** Starts the virtual microphone (idempotent) and points this process's PulseAudio clients at it. */
export function startVirtualMic(): void {
  const output = execFileSync('bash', [`${TOOLS}virtual-mic.sh`, '--env'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const match of output.matchAll(/^export\s+(\w+)=(['"]?)(.*?)\2$/gm)) {
    const [, name, , value] = match;
    if (name !== undefined && value !== undefined) process.env[name] = value;
  }
}

/** Stops the virtual microphone without blocking this process's event loop. */
export function stopVirtualMic(): Promise<void> {
  return new Promise((resolve, reject) => {
    const stop = spawn('bash', [`${TOOLS}stop-virtual-mic.sh`], { stdio: 'ignore' });
    stop.on('error', reject);
    stop.on('exit', () => {
      resolve();
    });
  });
}

export function virtualMicAvailable(): boolean {
  return existsSync(`${TOOLS}virtual-mic.sh`);
}

/** Plays mono float samples (±1) into the virtual microphone; resolves when pacat is done. */
export function playIntoMic(samples: Float32Array): Promise<void> {
  const pcm = Buffer.alloc(samples.length * 2);
  samples.forEach((v, i) =>
    pcm.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(v * 32767))), i * 2),
  );
  return new Promise((resolve, reject) => {
    const pacat = spawn(
      'pacat',
      [
        '-d',
        'vmic_sink',
        '--raw',
        '--format=s16le',
        `--rate=${String(SAMPLE_RATE)}`,
        '--channels=1',
      ],
      {
        stdio: ['pipe', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    pacat.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    pacat.on('error', reject);
    pacat.on('exit', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`pacat exited with ${String(code)}: ${stderr.trim()}`));
    });
    pacat.stdin.end(pcm);
  });
}

export function tone(seconds: number, hz: number, amplitude = 0.5): Float32Array {
  const out = new Float32Array(Math.round(seconds * SAMPLE_RATE));
  for (let n = 0; n < out.length; n++)
    out[n] = amplitude * Math.sin((2 * Math.PI * hz * n) / SAMPLE_RATE);
  return out;
}
