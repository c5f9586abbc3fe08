/**
 * The text of each version of a notice that went out, kept in `<state>/versions/<notice-id>/<hash>.md`
 * (front matter and body, named by the content hash), so that `post` of an edited notice can show what
 * changed since the published version and `announce correct` can say it. Notices are public texts: the
 * files hold nothing secret. A missing file only means no diff can be shown.
 */
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import writeFileAtomic from "write-file-atomic";

function fileOf(stateDir: string, noticeId: string, content: string): string {
  return path.join(stateDir, "versions", noticeId, `${content.replace(/^sha256:/, "")}.md`);
}

/** Keeps the text of a version (once: the same hash is the same text). */
export async function saveVersionText(stateDir: string, noticeId: string, content: string, text: string): Promise<void> {
  const file = fileOf(stateDir, noticeId, content);
  if (await readFile(file, "utf8").then(() => true, () => false)) return;
  await mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, text);
}

/** The text of a version, when it was kept. */
export function readVersionText(stateDir: string, noticeId: string, content: string): Promise<string | undefined> {
  return readFile(fileOf(stateDir, noticeId, content), "utf8").catch(() => undefined);
}
