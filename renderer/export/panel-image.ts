/** The panels' canvases stacked into one PNG, on the page's background colour. */

const BACKGROUND = '#11151c';
const GAP = 8;

export async function panelsPng(canvases: readonly HTMLCanvasElement[]): Promise<Uint8Array> {
  const width = Math.max(...canvases.map((canvas) => canvas.width));
  const height = canvases.reduce((sum, canvas) => sum + canvas.height + GAP, GAP);
  const sheet = new OffscreenCanvas(width + 2 * GAP, height);
  const context = sheet.getContext('2d');
  if (context === null) throw new Error('this browser cannot draw on an offscreen canvas');
  context.fillStyle = BACKGROUND;
  context.fillRect(0, 0, sheet.width, sheet.height);
  let top = GAP;
  for (const canvas of canvases) {
    context.drawImage(canvas, GAP, top);
    top += canvas.height + GAP;
  }
  const blob = await sheet.convertToBlob({ type: 'image/png' });
  return new Uint8Array(await blob.arrayBuffer());
}
