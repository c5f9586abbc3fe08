/**
 * YAML parsing that keeps positions, so every problem can say "file:line" and the key.
 */
import { isMap, isSeq, LineCounter, parseDocument, type Document } from "yaml";
import type { $ZodIssue } from "zod/v4/core";
import { problem, type ValueReason } from "./messages.js";
import type { Problem } from "./problems.js";
import { closest } from "./suggest.js";

export interface YamlSource {
  value: unknown;
  /** Syntax errors, already as problems with line and column. */
  problems: Problem[];
  /** The 1-based line of a key path (or of its nearest existing parent), offset into the file. */
  lineOf(path: readonly PropertyKey[]): number | undefined;
}

/**
 * How often aliases may be used, weighted by the size of what they repeat (the yaml package's own
 * measure): ordinary configs and notices use none or a few.
 */
const MAX_ALIAS_COUNT = 50;

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
  let value: unknown;
  if (problems.length === 0) {
    try {
      // An alias that expands into a huge value (a "billion laughs" bomb) is refused, not expanded.
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      if (!(error instanceof ReferenceError)) throw error;
      problems.push(problem("YAML_SYNTAX", { reason: firstLine(error.message) }, { location: { file, line: 1 + lineOffset } }));
    }
  }
  return {
    value,
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

/** Turns zod issues into problems with the key path and the YAML line; `input` is the value at the issue's path. */
export function zodProblems(
  issues: readonly $ZodIssue[],
  source: YamlSource,
  file: string,
  describe: (issue: $ZodIssue, key: string, input: unknown) => Omit<Problem, "location">,
  keyPrefix: readonly PropertyKey[] = [],
): Problem[] {
  return issues.map((issue) => {
    const path = [...keyPrefix, ...issue.path];
    const keyPath = issue.code === "unrecognized_keys" ? [...path, issue.keys[0]!] : path;
    const key = keyPath.map(String).join(".");
    return { ...describe(issue, key, valueAt(source.value, issue.path)), location: { file, line: source.lineOf(keyPath), key: key || undefined } };
  });
}

/** The value at a key path of parsed YAML (undefined where there is none). */
export function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let node = value;
  for (const key of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

const EXPECTED: Record<string, Extract<ValueReason, { is: "wrong-type" }>["expected"]> = {
  string: "text",
  number: "a number",
  int: "a number",
  boolean: "true or false",
  array: "a list",
  object: "a mapping",
  record: "a mapping",
};

/** A value as people wrote it: `"ja"`, `12`, `a list`. */
function shown(input: unknown): string {
  if (typeof input === "string") return JSON.stringify(input);
  if (Array.isArray(input)) return "a list";
  if (input === null) return "empty";
  if (typeof input === "object") return "a mapping";
  return String(input);
}

/**
 * Why a value failed the schema, in terms of the YAML people wrote (a missing key, a number that needs
 * quotes, a misspelt choice), instead of the validator's own words; those only for rules of our own.
 */
export function valueReason(issue: $ZodIssue, input: unknown): ValueReason {
  if (issue.code === "invalid_type") {
    if (input === undefined) return { is: "missing" };
    if (issue.expected === "string" && (typeof input === "number" || typeof input === "boolean")) {
      return { is: "needs-quotes", value: String(input), as: typeof input === "number" ? "number" : "true or false" };
    }
    const expected = EXPECTED[issue.expected];
    if (expected) return { is: "wrong-type", expected, got: shown(input) };
  }
  if (issue.code === "invalid_value" && typeof input !== "object") {
    const options = issue.values.map(String);
    return { is: "not-one-of", value: String(input), options, suggestion: closest(String(input), options) };
  }
  if (issue.code === "invalid_union" && "options" in issue && Array.isArray(issue.options) && input !== undefined) {
    const options = (issue.options as unknown[]).map(String);
    return { is: "not-one-of", value: String(input), options, suggestion: closest(String(input), options) };
  }
  if (issue.code === "invalid_union" && "discriminator" in issue && input === undefined) return { is: "missing" };
  return { is: "other", message: issue.message };
}
