/**
 * Instagram and Threads fetch images themselves from a public URL (platforms.md §4 "Public URL
 * requirement", §6). A prepared image is written to the channel's `media_dir` under its content-hash
 * name, and its URL under `media_base_url` must answer 200 with an image before any container is made;
 * otherwise the channel stops with what to fix.
 */
import { explain } from "../../messages.js";
import { PublishError } from "../../problems.js";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import writeFileAtomic from "write-file-atomic";
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
}

/** Writes the image into the media folder and checks that its public URL serves it; returns that URL. */
export async function hostImage(image: UploadImage, host: MediaHost, signal: AbortSignal): Promise<string> {
  const dir = path.resolve(host.configDir, host.mediaDir);
  const file = path.join(dir, image.name);
  try {
    await mkdir(dir, { recursive: true });
    await writeFileAtomic(file, image.data);
  } catch (error) {
    throw new PublishError({ kind: "permanent", ...explain("MEDIA_DIR_UNWRITABLE", { file, errno: (error as NodeJS.ErrnoException).code }) });
  }
  const base = host.baseUrl.endsWith("/") ? host.baseUrl : `${host.baseUrl}/`;
  const url = new URL(encodeURIComponent(image.name), base).href;
  let problem: { contentType: string } | { status: string } | { error: string } | undefined;
  try {
    const got = await fetchBounded(url, { timeoutMs: URL_CHECK_MS, maxBytes: 1024, signal, accept: "image/*" });
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
