/**
 * The website's folder: one entry per notice (`<id>/notice.json`) and its page (`<id>/index.html`), the
 * index page, the Atom feed and the JSON Feed, and the prepared images under `media/` by content hash.
 *
 * Every file is written atomically (write-file-atomic: a temporary file in the same folder, then a
 * rename), so a reader, a web server or a deploy that copies the folder sees a file's old or its new
 * content, never a torn one, also when the run is killed while writing. The entry is written first and
 * the index and feeds are rebuilt from all entries after it, so a run killed in between leaves a folder
 * that the next run (which finds the entry by its key) completes.
 */
import { mkdir, readdir, readFile, rm, stat } from "node:fs/promises";
import path from "node:path";
import writeFileAtomic from "write-file-atomic";
import { explain } from "../../messages.js";
import { PublishError } from "../../problems.js";
import { atomFeed, jsonFeed } from "./feeds.js";
import { renderIndex, renderPage, type Site, type SiteEntry } from "./page.js";

/** The folder, the site and how many notices the index and feeds list. */
export interface SiteFolder {
  dir: string;
  site: Site;
  feedEntries: number;
}

const ENTRY_FILE = "notice.json";

/** Writes a file atomically (temporary file in the same folder, then rename). */
export async function writeAtomic(file: string, data: string | Buffer): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, data);
}

export function pageFile(folder: SiteFolder, id: string): string {
  return path.join(folder.dir, id, "index.html");
}

/**
 * The stored entry of a notice, or undefined when the site has none. A file that is not an entry fails the
 * channel (WEBSITE_ENTRY_DAMAGED): a page built from a guess could say something the notice does not.
 */
export async function readEntry(folder: SiteFolder, id: string): Promise<SiteEntry | undefined> {
  const file = path.join(folder.dir, id, ENTRY_FILE);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  let entry: Partial<SiteEntry> | null;
  try {
    entry = JSON.parse(text) as Partial<SiteEntry> | null;
  } catch (error) {
    throw damaged(file, (error as Error).message);
  }
  const fields = ["id", "key", "url", "title", "lang", "published", "updated", "bodyHtml", "summary"] as const;
  const missing = entry === null || typeof entry !== "object" ? ["a JSON object"] : fields.filter((key) => typeof entry![key] !== "string");
  if (missing.length > 0 || !Array.isArray(entry!.images) || !Array.isArray(entry!.copies) || !Array.isArray(entry!.hashtags)) {
    throw damaged(file, `no ${missing.length > 0 ? missing.join(", ") : "images, copies or hashtags list"}`);
  }
  return entry as SiteEntry;
}

function damaged(file: string, reason: string): PublishError {
  return new PublishError({ kind: "permanent", ...explain("WEBSITE_ENTRY_DAMAGED", { file, reason }) });
}

/** Stores the entry, then writes its page (each atomically). */
export async function writeEntry(folder: SiteFolder, entry: SiteEntry): Promise<void> {
  const dir = path.join(folder.dir, entry.id);
  await writeAtomic(path.join(dir, ENTRY_FILE), `${JSON.stringify(entry, null, 2)}\n`);
  await writeAtomic(pageFile(folder, entry.id), renderPage(entry, folder.site));
  await removeLeftovers(dir, [ENTRY_FILE, "index.html"]);
}

/**
 * Removes the temporary files a killed run left beside `names` (write-file-atomic's `<name>.<number>`), so
 * that they are not deployed. Only called under the site's lock, when no other write is under way.
 */
async function removeLeftovers(dir: string, names: readonly string[]): Promise<void> {
  const files = await readdir(dir).catch(() => [] as string[]);
  const leftover = (file: string) => names.some((name) => file.startsWith(`${name}.`) && /^\d+$/.test(file.slice(name.length + 1)));
  await Promise.all(files.filter(leftover).map((file) => rm(path.join(dir, file), { force: true })));
}

/** Writes a prepared image under `media/` (named by its content: an existing file is the same image). */
export async function writeMedia(folder: SiteFolder, name: string, data: Buffer): Promise<void> {
  const file = path.join(folder.dir, "media", name);
  const existing = await stat(file).catch(() => undefined);
  if (existing?.size === data.length) return;
  await writeAtomic(file, data);
}

/** Every stored entry, newest first. */
export async function readEntries(folder: SiteFolder): Promise<SiteEntry[]> {
  const names = await readdir(folder.dir, { withFileTypes: true }).catch(() => []);
  const entries: SiteEntry[] = [];
  for (const name of names) {
    if (!name.isDirectory() || name.name === "media") continue;
    const entry = await readEntry(folder, name.name);
    if (entry) entries.push(entry);
  }
  return entries.sort((a, b) => b.published.localeCompare(a.published) || a.id.localeCompare(b.id));
}

/** Rebuilds the index page and both feeds from the stored entries (the `feedEntries` newest). */
export async function rebuildIndex(folder: SiteFolder): Promise<void> {
  const recent = (await readEntries(folder)).slice(0, folder.feedEntries);
  await writeAtomic(path.join(folder.dir, "feed.atom"), atomFeed(recent, folder.site));
  await writeAtomic(path.join(folder.dir, "feed.json"), jsonFeed(recent, folder.site));
  await writeAtomic(path.join(folder.dir, "index.html"), renderIndex(recent, folder.site));
  await removeLeftovers(folder.dir, ["feed.atom", "feed.json", "index.html"]);
}
