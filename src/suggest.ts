/**
 * "Did you mean …?": the known name closest to a mistyped one, by edit distance (insertions, deletions,
 * substitutions and swaps of neighbouring letters), for unknown keys, platforms and channels.
 */

/** Optimal string alignment distance between two strings, case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLocaleLowerCase();
  const t = b.toLocaleLowerCase();
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) => [i, ...Array<number>(t.length).fill(0)]);
  for (let j = 1; j <= t.length; j++) d[0]![j] = j;
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[s.length]![t.length]!;
}

/**
 * The known name a mistyped `name` most likely meant: the closest one within a third of its length (at
 * least 1, at most 3 edits), or one that differs only by a prefix/suffix such as `stadt-`; none when
 * nothing is close.
 */
export function closest(name: string, known: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    if (candidate === name) continue;
    const distance = editDistance(name, candidate);
    if (!best || distance < best.distance) best = { name: candidate, distance };
  }
  if (!best) return undefined;
  const allowed = Math.min(3, Math.max(1, Math.floor(name.length / 3)));
  if (best.distance <= allowed) return best.name;
  // "mastodon" for the channel "stadt-mastodon": one name contains the other, with a separator.
  const lower = name.toLocaleLowerCase();
  const within = known.filter((k) => name.length >= 3 && new RegExp(`(^|[-_.])${escapeRegExp(lower)}($|[-_.])`).test(k.toLocaleLowerCase()));
  return within.length === 1 ? within[0] : undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
