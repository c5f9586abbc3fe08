/** Temporary folders for fixtures, removed after each test file (also those made inside hooks and tests). */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";

const made = new Set<string>();
// Registered when a test file first imports this module, so it runs at the end of that file.
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
  made.clear();
});

export function tempDir(prefix = "announce-test-"): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  made.add(dir);
  return dir;
}
