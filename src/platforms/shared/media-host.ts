/**
 * Instagram and Threads fetch images themselves from a public URL (platforms.md §4 "Public URL
 * requirement", §6). A prepared image is written to the channel's `media_dir` under its content-hash
 * name, and its URL under `media_base_url` must answer 200 with an image before any container is made;
 * otherwise the channel stops with what to fix.
 */
import { explain } from "../../messages.js";
import { PublishError } from "../../problems.js";
import { randomBytes } from "node:crypto";
import { mkdir, open, readdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import type { UploadImage } from "../platform.js";
import { networkFailure } from "./failure.js";
import { fetchBounded } from "./link-card.js";

const URL_CHECK_MS = 15_000;

export interface MediaHost {
  /** Platform name for messages ("Instagram"). */
  platform: string;
  /** The folder served at `baseUrl`, as configured (relative to the config file). */
  mediaDir: string;
  baseUrl: string;
  configDir: string;
  /** Hosts that may be checked although they are not public (config `allow_hosts`). */
  allowHosts?: readonly string[];
}

/** Writes the image into the media folder and checks that its public URL serves it; returns that URL. */
export async function hostImage(image: UploadImage, host: MediaHost, signal: AbortSignal): Promise<string> {
  const dir = path.resolve(host.configDir, host.mediaDir);
  const file = path.join(dir, image.name);
  try {
    await mkdir(dir, { recursive: true });
    await writeImage(dir, image.name, image.data);
  } catch (error) {
    throw new PublishError({ kind: "permanent", ...explain("MEDIA_DIR_UNWRITABLE", { file, errno: (error as NodeJS.ErrnoException).code }) });
  }
  const base = host.baseUrl.endsWith("/") ? host.baseUrl : `${host.baseUrl}/`;
  const url = new URL(encodeURIComponent(image.name), base).href;
  let problem: { contentType: string } | { status: string } | { error: string } | undefined;
  try {
    const got = await fetchBounded(url, { timeoutMs: URL_CHECK_MS, maxBytes: 1024, signal, allowHosts: host.allowHosts, accept: "image/*" });
    if (!/^image\//i.test(got.contentType)) problem = { contentType: got.contentType };
  } catch (error) {
    if (signal.aborted) throw networkFailure(host.platform, signal.reason);
    const status = /^HTTP (\d+)$/.exec((error as Error).message)?.[1];
    problem = status ? { status } : { error: (error as Error).message };
  }
  if (problem) {
    throw new PublishError({ kind: "permanent", ...explain("MEDIA_URL_UNREACHABLE", { platform: host.platform, url, dir, base, ...problem }) });
  }
  return url;
}

/** Names of partly written images: hidden, with the writing process's id, so a later run can tell them. */
const PARTIAL = /^\..+\.partial-(\d+)-[0-9a-f]+$/;

/**
 * Writes an image into the media folder atomically: to a hidden partial file first, then renamed. A
 * failed write removes its partial file; one left by a process that was killed while writing is removed
 * by the next write into the folder, so no partial file stays beside the images that the folder serves.
 */
async function writeImage(dir: string, name: string, data: Buffer): Promise<void> {
  await removeAbandonedPartials(dir);
  const partial = path.join(dir, `.${name}.partial-${process.pid}-${randomBytes(4).toString("hex")}`);
  try {
    const handle = await open(partial, "wx", 0o644);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(partial, path.join(dir, name));
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

/** Removes the partial files of processes that no longer run (another run may be writing its own now). */
async function removeAbandonedPartials(dir: string): Promise<void> {
  for (const entry of await readdir(dir)) {
    const pid = Number(PARTIAL.exec(entry)?.[1] ?? NaN);
    if (Number.isNaN(pid) || pid === process.pid || running(pid)) continue;
    await rm(path.join(dir, entry), { force: true });
  }
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
