/**
 * Append-only JSON-lines files (ledger, approvals, audit log): readable, diffable, and safe against a
 * crash at any byte. Each record is appended and fsync'ed; a torn last line is skipped by readers and
 * never swallows the next record.
 */
import { mkdir, open, readFile } from "node:fs/promises";
import path from "node:path";

/** Appends one record as a line and waits until it is on disk. */
export function appendJsonLine(file: string, record: unknown): Promise<void> {
  return appendJsonLines(file, [record]);
}

/** Appends records as lines with one write, and waits until they are on disk. */
export async function appendJsonLines(file: string, records: readonly unknown[]): Promise<void> {
  if (records.length === 0) return;
  await mkdir(path.dirname(file), { recursive: true });
  const handle = await open(file, "a+");
  try {
    const { size } = await handle.stat();
    let prefix = "";
    if (size > 0) {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      if (last.toString() !== "\n") prefix = "\n";
    }
    await handle.write(prefix + records.map((record) => JSON.stringify(record) + "\n").join(""));
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Reads all complete records of a JSON-lines file; a missing file has none. */
export async function readJsonLines<T>(file: string): Promise<T[]> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const records: T[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    try {
      records.push(JSON.parse(line) as T);
    } catch {
      // A torn line from a crash: the step it announced never started.
    }
  }
  return records;
}
