/**
 * Saves bytes the way the page can: a native save dialog through the desktop bridge, or a
 * download in a browser. Resolves with where it went (a path, or the download's name), or null
 * when the user cancelled the dialog.
 */
import type { DesktopBridge } from '../../src/protocol/desktop-bridge.js';

const MIME_TYPES: Record<string, string> = {
  png: 'image/png',
  npy: 'application/octet-stream',
  csv: 'text/csv',
};

export async function saveFile(
  bridge: DesktopBridge | null,
  name: string,
  bytes: Uint8Array,
): Promise<string | null> {
  if (bridge !== null) return bridge.saveFile(name, bytes);
  const type = MIME_TYPES[name.slice(name.lastIndexOf('.') + 1)] ?? 'application/octet-stream';
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has read the blob by the next task; keep it a little longer to be safe.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

/** "scatterscope-2026-11-25T08-30-00" (a local time, safe in file names). */
export function exportBaseName(date: Date): string {
  const pad = (value: number): string => String(value).padStart(2, '0');
  return `scatterscope-${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}-${pad(date.getMinutes())}-${pad(date.getSeconds())}`;
}
