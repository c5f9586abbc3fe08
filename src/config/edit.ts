/**
 * Writing values into one channel's entry of channels.yaml, the way a person would: the file is
 * hand-written and commented, so it is edited as text, not re-serialized. Only the scalar of each key is
 * replaced (or, for a key the entry does not have, one line `key: "value"` is added to the entry with its
 * indentation); every other byte stays as it was: comments, blank lines, quoting, order, line endings.
 *
 * Whatever cannot be edited that way is left alone and said why: an entry that is not there (commented
 * out) or not a block mapping, a value that is a `${VAR}` reference, an anchor, alias or merge key, a value
 * that is not a one-line scalar. After the edit the new text is parsed again, and it is written only when
 * its data is the old data with exactly those keys changed. The file is replaced atomically (a temporary
 * file in the same folder, then a rename) and keeps its mode.
 */
import { randomBytes } from "node:crypto";
import { open, readFile, realpath, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { isAlias, isMap, isScalar, parseDocument, type Document, type Node, type Pair, type YAMLMap } from "yaml";
import type { SettingsEditReason } from "../ui-texts.js";

/** Why a key was not written into the file (the type and its texts live with the UI texts). */
export type { SettingsEditReason };

export interface SettingsEdit {
  /** The keys written (in the order given). */
  written: string[];
  /** The keys not written, each with why (never `print`: that is the caller's). */
  kept: { key: string; reason: Exclude<SettingsEditReason, "print"> }[];
}

/** Same length as `${NAME}`, so positions in the parsed text are positions in the file; valid in flow style too. */
const ENV_REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
const masked = (text: string) => text.replace(ENV_REF, (_, name: string) => `$(${name})`);

/**
 * The text with `values` set in the entry of `channel` under `channels:`, and which keys were written.
 * Pure: reads and writes nothing. The text is unchanged when no key could be written.
 */
export function editChannelSettings(text: string, channel: string, values: Record<string, string>): SettingsEdit & { text: string } {
  const keys = Object.keys(values);
  const refuse = (reason: Exclude<SettingsEditReason, "print">) => ({ text, written: [], kept: keys.map((key) => ({ key, reason })) });
  if (keys.length === 0) return { text, written: [], kept: [] };

  const doc = parse(text);
  if (!doc) return refuse("unparsable");
  const channels = isMap(doc.contents) ? mapValue(doc.contents, "channels") : undefined;
  if (isAlias(channels)) return refuse("anchor");
  if (!isMap(channels)) return refuse("not-found");
  const pair = channels.items.find((p) => isScalar(p.key) && p.key.value === channel);
  if (!pair) return refuse("not-found");
  if (isAlias(pair.value) || (pair.value as Node | null)?.anchor) return refuse("anchor");
  const entry = pair.value;
  if (!isMap(entry) || entry.flow || !entry.range) return refuse("not-block");
  if (entry.items.some((p) => isScalar(p.key) && p.key.value === "<<")) return refuse("anchor");
  const indent = indentation(text, entry);
  if (indent === undefined) return refuse("not-block");

  const edits: { at: number; end: number; insert: string }[] = [];
  const added: string[] = [];
  const written: string[] = [];
  const kept: SettingsEdit["kept"] = [];
  for (const key of keys) {
    const quoted = JSON.stringify(values[key]);
    const existing = entry.items.find((p) => isScalar(p.key) && p.key.value === key);
    if (!existing) {
      added.push(`${indent}${key}: ${quoted}`);
      written.push(key);
      continue;
    }
    const reason = whyNotReplaceable(text, existing);
    if (reason) {
      kept.push({ key, reason });
      continue;
    }
    const [start, end] = (existing.value as Node).range!;
    // `key:` without a value: the value goes after a space.
    edits.push({ at: start, end, insert: start === end ? ` ${quoted}` : quoted });
    written.push(key);
  }
  if (added.length > 0) {
    const eol = text.includes("\r\n") ? "\r\n" : "\n";
    const at = lineEndAfter(text, entryEnd(entry));
    const before = at === text.length && text.length > 0 && !text.endsWith("\n") ? eol : "";
    edits.push({ at, end: at, insert: before + added.map((line) => line + eol).join("") });
  }
  if (written.length === 0) return { text, written, kept };

  let edited = text;
  for (const edit of edits.sort((a, b) => b.at - a.at)) edited = edited.slice(0, edit.at) + edit.insert + edited.slice(edit.end);

  // The new text must say the same as the old one, but for these keys of this channel.
  const expected = doc.toJS() as { channels: Record<string, Record<string, unknown>> };
  for (const key of written) expected.channels[channel]![key] = values[key];
  const reread = parse(edited);
  if (!reread || !isDeepStrictEqual(reread.toJS(), expected)) return { text, written: [], kept: keys.map((key) => ({ key, reason: "verify" as const })) };
  return { text: edited, written, kept };
}

/**
 * Sets `values` in the channel's entry of the config file (see {@link editChannelSettings}) and replaces
 * the file atomically, keeping its mode; a symbolic link is followed, not replaced. A file that cannot be
 * read or written keeps every key (`unwritable`, with the error's code).
 */
export async function writeChannelSettings(file: string, channel: string, values: Record<string, string>): Promise<SettingsEdit & { errno?: string }> {
  const keys = Object.keys(values);
  const unwritable = (error: unknown) => ({ written: [], kept: keys.map((key) => ({ key, reason: "unwritable" as const })), errno: (error as NodeJS.ErrnoException).code ?? String(error) });
  let target: string;
  let text: string;
  let mode: number;
  try {
    target = await realpath(file);
    text = await readFile(target, "utf8");
    mode = (await stat(target)).mode & 0o7777;
  } catch (error) {
    return unwritable(error);
  }
  const edit = editChannelSettings(text, channel, values);
  if (edit.written.length === 0) return { written: edit.written, kept: edit.kept };
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    const handle = await open(temp, "wx", mode);
    try {
      await handle.writeFile(edit.text, "utf8");
      await handle.chmod(mode); // the mode given to open is reduced by the umask
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    return unwritable(error);
  }
  return { written: edit.written, kept: edit.kept };
}

/** The document, or undefined when it has errors (several documents are an error too). */
function parse(text: string): Document | undefined {
  const doc = parseDocument(masked(text), { uniqueKeys: true, prettyErrors: false });
  return doc.errors.length === 0 ? doc : undefined;
}

function mapValue(map: YAMLMap, key: string): unknown {
  return map.items.find((p) => isScalar(p.key) && p.key.value === key)?.value;
}

/** The spaces before the entry's keys, when every key starts its own line at the same column. */
function indentation(text: string, entry: YAMLMap): string | undefined {
  let indent: string | undefined;
  for (const pair of entry.items) {
    const start = (pair.key as Node | null)?.range?.[0];
    if (start === undefined) return undefined;
    const prefix = text.slice(text.lastIndexOf("\n", start - 1) + 1, start);
    if (!/^ *$/.test(prefix) || (indent !== undefined && prefix !== indent)) return undefined;
    indent = prefix;
  }
  return indent || undefined;
}

/** Why the value of this pair cannot be replaced in place (undefined: it can). */
function whyNotReplaceable(text: string, pair: Pair): "anchor" | "not-plain" | "reference" | undefined {
  const value = pair.value as Node | null;
  if (isAlias(value) || value?.anchor || (pair.key as Node | null)?.anchor) return "anchor";
  if (!isScalar(value) || !value.range || value.tag) return "not-plain";
  const source = text.slice(value.range[0], value.range[1]);
  if (/\$\{/.test(source)) return "reference";
  if (value.type !== "PLAIN" && value.type !== "QUOTE_DOUBLE" && value.type !== "QUOTE_SINGLE") return "not-plain";
  if (/[\r\n]/.test(source) || (source === "" && value.value !== null)) return "not-plain";
  return undefined;
}

/** Where the entry's content ends: the end of its last value (or key). */
function entryEnd(entry: YAMLMap): number {
  const last = entry.items.at(-1)!;
  return (last.value as Node | null)?.range?.[1] ?? (last.key as Node).range![1];
}

/** The start of the line after the one `at` is on (a block scalar's range already ends after its line). */
function lineEndAfter(text: string, at: number): number {
  if (at > 0 && text[at - 1] === "\n") return at;
  const newline = text.indexOf("\n", at);
  return newline === -1 ? text.length : newline + 1;
}
