/** Pearson chi-square of counts against probabilities (cells with p = 0 must be empty, else ∞). */
export function chiSquare(counts: ArrayLike<number>, p: ArrayLike<number>, n: number): number {
  let c = 0;
  for (let i = 0; i < p.length; i++) {
    if (p[i] === 0) {
      if (counts[i] !== 0) return Infinity;
      continue;
    }
    const e = n * p[i]!;
    c += (counts[i]! - e) ** 2 / e;
  }
  return c;
}
