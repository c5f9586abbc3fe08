/**
 * The platform registry: everything else (config schema, `--channel` choices, plan, report) learns about
 * platforms from this array. Adding a platform means one module and one line here.
 */
import { bluesky } from "./bluesky/index.js";
import { facebook } from "./facebook/index.js";
import { instagram } from "./instagram/index.js";
import { linkedin } from "./linkedin/index.js";
import { mastodon } from "./mastodon/index.js";
import type { Platform, PlatformId } from "./platform.js";
import { threads } from "./threads/index.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const platforms: readonly Platform<any>[] = [mastodon, bluesky, facebook, instagram, linkedin, threads];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function platformById(id: PlatformId): Platform<any> {
  const platform = platforms.find((p) => p.id === id);
  if (!platform) throw new Error(`unknown platform ${id}`);
  return platform;
}

export const platformIds = platforms.map((p) => p.id) as PlatformId[];
