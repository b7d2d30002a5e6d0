/** How far apart two engines' frames are, for the benchmarks that race two engines. */

/** Largest |a − b| over the frames both emitted, relative to each row's largest |b|. */
export function worstRowDifference(a: readonly Float32Array[], b: readonly Float32Array[]): number {
  const common = b.flatMap((frame, index) => {
    const other = a[index];
    return other === undefined ? [] : [[other, frame] as const];
  });
  const rows = common[0]?.[1].length ?? 0;
  let worst = 0;
  for (let r = 0; r < rows; r++) {
    let peak = 0;
    let difference = 0;
    for (const [x, y] of common) {
      peak = Math.max(peak, Math.abs(y[r] ?? 0));
      difference = Math.max(difference, Math.abs((x[r] ?? 0) - (y[r] ?? 0)));
    }
    if (peak > 0) worst = Math.max(worst, difference / peak);
  }
  return worst;
}
