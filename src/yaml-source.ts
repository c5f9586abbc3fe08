/**
 * YAML parsing that keeps positions, so every problem can say "file:line" and the key.
 */
import { isMap, isSeq, LineCounter, parseDocument, type Document } from "yaml";
import type { $ZodIssue } from "zod/v4/core";
import { problem } from "./messages.js";
import type { Problem } from "./problems.js";

export interface YamlSource {
  value: unknown;
  /** Syntax errors, already as problems with line and column. */
  problems: Problem[];
  /** The 1-based line of a key path (or of its nearest existing parent), offset into the file. */
  lineOf(path: readonly PropertyKey[]): number | undefined;
}

/**
 * Parses YAML text. `lineOffset` is added to every line number (front matter starts after `---`).
 * Duplicate keys are errors.
 */
export function parseYaml(text: string, file: string, lineOffset = 0): YamlSource {
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const problems: Problem[] = doc.errors.map((error) => {
    const pos = lineCounter.linePos(error.pos[0]);
    return problem("YAML_SYNTAX", { reason: firstLine(error.message) }, { location: { file, line: pos.line + lineOffset, column: pos.col } });
  });
  return {
    value: problems.length > 0 ? undefined : doc.toJS(),
    problems,
    lineOf(path) {
      let node: unknown = doc.contents;
      let line: number | undefined = rangeLine(node);
      for (const key of path) {
        if (isMap(node)) {
          const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
          if (!pair) break;
          line = rangeLine(pair.key) ?? line;
          node = pair.value;
        } else if (isSeq(node) && typeof key === "number") {
          node = node.items[key];
          line = rangeLine(node) ?? line;
        } else break;
      }
      return line === undefined ? undefined : line + lineOffset;

      function rangeLine(n: unknown): number | undefined {
        const range = (n as { range?: [number, number, number] } | null)?.range;
        return range ? lineCounter.linePos(range[0]).line : undefined;
      }
    },
  };
}

function firstLine(message: string): string {
  return message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
}

/** Turns zod issues into problems with the key path and the YAML line. */
export function zodProblems(
  issues: readonly $ZodIssue[],
  source: YamlSource,
  file: string,
  describe: (issue: $ZodIssue, key: string) => Omit<Problem, "location">,
  keyPrefix: readonly PropertyKey[] = [],
): Problem[] {
  return issues.map((issue) => {
    const path = [...keyPrefix, ...issue.path];
    const keyPath = issue.code === "unrecognized_keys" ? [...path, issue.keys[0]!] : path;
    const key = keyPath.map(String).join(".");
    return { ...describe(issue, key), location: { file, line: source.lineOf(keyPath), key: key || undefined } };
  });
}
