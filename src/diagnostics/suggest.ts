/**
 * "Did you mean" suggestions, after graphql-js `suggestionList` / `didYouMean`: candidates within
 * an edit distance of about 40% of the input's length, closest first.
 */

const MAX_SUGGESTIONS = 5;

/**
 * The options closest to `input`, best first. An option qualifies when its case-insensitive
 * Damerau-Levenshtein distance to `input` is at most floor(0.4·|input|) + 1, or when it differs
 * only in case.
 */
export function suggestionList(input: string, options: Iterable<string>): string[] {
  const threshold = Math.floor(input.length * 0.4) + 1;
  const scored = new Map<string, number>();
  const lower = input.toLowerCase();
  for (const option of options) {
    if (option === input || scored.has(option)) continue;
    const distance = option.toLowerCase() === lower ? 1 : lexicalDistance(lower, option.toLowerCase());
    if (distance <= threshold) scored.set(option, distance);
  }
  return [...scored.entries()]
    .sort(([a, da], [b, db]) => da - db || (a < b ? -1 : a > b ? 1 : 0))
    .map(([option]) => option);
}

/**
 * `Did you mean "a", "b" or "c"?` for the suggestions, or undefined when there are none.
 * `prefix` is prepended as context when given: `Did you mean the step "heun"?`.
 */
export function didYouMean(suggestions: readonly string[], prefix?: string): string | undefined {
  if (suggestions.length === 0) return undefined;
  const quoted = suggestions.slice(0, MAX_SUGGESTIONS).map((s) => `"${s}"`);
  const head = prefix ? `Did you mean ${prefix} ` : "Did you mean ";
  if (quoted.length === 1) return `${head}${quoted[0]}?`;
  return `${head}${quoted.slice(0, -1).join(", ")} or ${quoted[quoted.length - 1]}?`;
}

/** Shorthand: `didYouMean(suggestionList(input, options))`. */
export function suggest(input: string, options: Iterable<string>): string | undefined {
  return didYouMean(suggestionList(input, options));
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
export function lexicalDistance(a: string, b: string): number {
  if (a === b) return 0;
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = [];
  for (let i = 0; i < rows; i++) {
    d.push(new Array<number>(cols).fill(0));
    d[i]![0] = i;
  }
  for (let j = 0; j < cols; j++) d[0]![j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      }
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}
