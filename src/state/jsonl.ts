/**
 * Append-only JSON-lines files (ledger, approvals, audit log): readable, diffable, and safe against a
 * crash at any byte. Each record is appended and fsync'ed before the step it announces starts, so a crash
 * leaves at most one torn line, the last one, without its line end, and readers skip it: the step it
 * announced never started, and a result it was recording is looked for again from the intent before it. Every other line must be a record: anything else is damage (an edit by hand, a bad
 * merge), which the reader reports with its line number instead of guessing around it.
 *
 * The next append after a crash closes the torn line with {@link TORN_MARK} rather than a bare line end,
 * so the line still reads as torn once it is no longer the last. It does not cut the torn bytes off: two
 * writers may append to one file at once (the channels of one run append to the notice's ledger
 * concurrently; the audit log and approvals are not locked), and a reader can see another writer's line
 * half-written. Cutting it off would destroy that record; closing it only ever adds a line that readers
 * skip.
 */
import { constants } from "node:fs";
import { mkdir, open, type FileHandle } from "node:fs/promises";
import path from "node:path";
import type * as z from "zod";
import { problem, type LineDamage } from "../messages.js";
import { InvalidInputError } from "../problems.js";

/**
 * Opens a file of the state folder without following a symbolic link: a ledger or audit log linked to a
 * file elsewhere is refused (`STATE_SYMLINK`), never appended to.
 */
async function openNoFollow(file: string, flags: number): Promise<FileHandle> {
  try {
    return await open(file, flags | constants.O_NOFOLLOW, 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ELOOP") throw new InvalidInputError([problem("STATE_SYMLINK", { path: file }, { location: { file } })]);
    throw error;
  }
}

/**
 * Ends a torn line that a later append closed: the line is the start of a record whose write was
 * interrupted, and readers skip it as they skipped it while it was the last line. It contains no quote or brace, so a line
 * that ends with it can never parse as JSON.
 */
export const TORN_MARK = "  <- torn write of an interrupted run, ignored";

/** Appends one record as a line and waits until it is on disk. */
export function appendJsonLine(file: string, record: unknown): Promise<void> {
  return appendJsonLines(file, [record]);
}

/**
 * Appends records as lines with one write, and waits until they are on disk. A last line without its
 * line end (a crash while writing it, or another writer's line half-written) is closed first: with a bare
 * line end when it is a whole JSON value, else with {@link TORN_MARK}, so that it reads the same after the
 * append as before: a record, or skipped as torn.
 */
export async function appendJsonLines(file: string, records: readonly unknown[]): Promise<void> {
  if (records.length === 0) return;
  await mkdir(path.dirname(file), { recursive: true });
  const handle = await openNoFollow(file, constants.O_APPEND | constants.O_CREAT | constants.O_RDWR);
  try {
    const { size } = await handle.stat();
    let prefix = "";
    const tail = await unterminatedTail(handle, size);
    if (tail !== undefined) prefix = parses(tail.toString("utf8")) ? "\n" : `${TORN_MARK}\n`;
    await handle.write(prefix + records.map((record) => JSON.stringify(record) + "\n").join(""));
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The bytes after the file's last line end, or undefined when the file is empty or ends with one. */
async function unterminatedTail(handle: FileHandle, size: number): Promise<Buffer | undefined> {
  if (size === 0) return undefined;
  const chunks: Buffer[] = [];
  let end = size;
  while (end > 0) {
    const start = Math.max(0, end - 4096);
    const chunk = Buffer.alloc(end - start);
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, start);
    const read = chunk.subarray(0, bytesRead);
    const newline = read.lastIndexOf(0x0a);
    if (newline >= 0) {
      chunks.unshift(read.subarray(newline + 1));
      break;
    }
    chunks.unshift(read);
    end = start;
  }
  const tail = Buffer.concat(chunks);
  if (end === size && tail.length === 0) return undefined;
  return tail;
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** A line that is not a record: where it is and what is wrong with it. */
export interface DamagedLine {
  file: string;
  /** 1-based line number in the file. */
  line: number;
  /** What is wrong with it (worded by the message catalogue). */
  damage: LineDamage;
}

/** The records of a JSON-lines file, and every line that is not one. */
export interface JsonLinesRead<T> {
  records: T[];
  damaged: DamagedLine[];
}

/**
 * Reads a JSON-lines file and checks every line against `schema`. A missing file has no records. Skipped:
 * empty lines, the torn last line of a crash (no line end, not JSON), and torn lines a later append closed
 * ({@link TORN_MARK}). Every other line that is not JSON or not a valid record is reported as damaged.
 */
export async function readJsonLines<T>(file: string, schema: z.ZodType<T>): Promise<JsonLinesRead<T>> {
  let text: string;
  try {
    const handle = await openNoFollow(file, constants.O_RDONLY);
    try {
      text = await handle.readFile("utf8");
    } finally {
      await handle.close();
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { records: [], damaged: [] };
    throw error;
  }
  const result: JsonLinesRead<T> = { records: [], damaged: [] };
  const lines = text.split("\n");
  lines.forEach((line, i) => {
    // trimEnd: a checkout that turned line ends into CRLF leaves a "\r" after the mark.
    if (line.trim() === "" || line.trimEnd().endsWith(TORN_MARK)) return;
    const last = i === lines.length - 1; // no line end after it
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      // The torn last line of a crash.
      if (last) return;
      result.damaged.push({ file, line: i + 1, damage: { is: line.trimStart().startsWith("{") && !line.trimEnd().endsWith("}") ? "cut-off" : "not-json" } });
      return;
    }
    const parsed = schema.safeParse(value);
    if (parsed.success) {
      result.records.push(parsed.data);
    } else {
      result.damaged.push({ file, line: i + 1, damage: describeInvalid(value, parsed.error) });
    }
  });
  return result;
}

/** What is wrong with a JSON value that is not a valid record. */
function describeInvalid(value: unknown, error: z.ZodError): LineDamage {
  if (value === null) return { is: "not-a-record", value: "null" };
  if (Array.isArray(value)) return { is: "not-a-record", value: "array" };
  if (typeof value !== "object") return { is: "not-a-record", value: typeof value === "number" ? "number" : typeof value === "boolean" ? "boolean" : "string" };
  const record = value as Record<string, unknown>;
  if (record.v !== 1) return { is: "wrong-version", version: JSON.stringify(record.v) };
  const issue = error.issues[0];
  const field = issue?.path.map(String).join(".") ?? "";
  if (issue?.code === "invalid_union" || (field === "type" && issue?.code !== "invalid_type")) return { is: "unknown-type", type: JSON.stringify(record.type) };
  if (issue?.code === "invalid_type" && record[field] === undefined && !field.includes(".")) return { is: "field-missing", field };
  return { is: "field-invalid", field: field || "record", reason: issue?.message ?? "invalid" };
}
