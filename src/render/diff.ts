/**
 * A short line diff of two texts (a notice's published and current version), for people: the lines that
 * went (`-`) and came (`+`), in order, without the unchanged ones. Pure.
 */

/** One changed line: `-` removed, `+` added. */
export interface DiffLine {
  op: "-" | "+";
  text: string;
}

/**
 * The changed lines from `before` to `after` (longest common subsequence of lines; blank lines ignored),
 * at most `max` of them (the rest is counted in `more`).
 */
export function lineDiff(before: string, after: string, max = 12): { lines: DiffLine[]; more: number } {
  const a = before.split(/\r?\n/).filter((l) => l.trim() !== "");
  const b = after.split(/\r?\n/).filter((l) => l.trim() !== "");
  // lcs[i][j]: length of the common subsequence of a[i..] and b[j..].
  const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const lines: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i++;
      j++;
    } else if (i < a.length && (j === b.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) lines.push({ op: "-", text: a[i++]! });
    else lines.push({ op: "+", text: b[j++]! });
  }
  return { lines: lines.slice(0, max), more: Math.max(0, lines.length - max) };
}

/** The text of a notice as a version keeps it: its front matter and body. */
export function noticeText(notice: { frontMatter: string; body: string }): string {
  return `---\n${notice.frontMatter}\n---\n${notice.body}`;
}
