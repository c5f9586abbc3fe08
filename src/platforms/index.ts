/**
 * The platform registry: everything else (config schema, `--channel` choices, plan, report, the platform ids
 * themselves) learns about platforms from this array.
 *
 * Adding a platform means one folder and one line here: `<id>/index.ts` exports the channel settings (a
 * strict zod object built on `commonSettings`, secrets as `secretRef`), the platform's `Post` type and its
 * `Platform<Settings, Post, "<id>">` (limits, image spec, a pure `render`, `details` for preview, and a
 * `publisher()` that imports `./client.js` lazily); `<id>/client.ts` exports its `Publisher<Settings, Post>`.
 * Shared parts (failure reading, bounded fetch and link cards, media hosting, Meta's Graph client) are in
 * `shared/`.
 */
import { bluesky } from "./bluesky/index.js";
import { facebook } from "./facebook/index.js";
import { instagram } from "./instagram/index.js";
import { linkedin } from "./linkedin/index.js";
import { mastodon } from "./mastodon/index.js";
import type { AnyPlatform, ChannelSettings, Platform, PlannedPost } from "./platform.js";
import { threads } from "./threads/index.js";
import { website } from "./website/index.js";

/**
 * Every platform, in the order reports and choices list them. `as const` keeps each platform's own type, so
 * that {@link PlatformId} and {@link PlatformById} are read from here; `satisfies` checks each against the
 * contract as the code above sees it.
 */
export const platforms = [mastodon, bluesky, facebook, instagram, linkedin, threads, website] as const satisfies readonly Platform<ChannelSettings, PlannedPost, string>[];

/** The id of a registered platform: "mastodon" | "bluesky" | … */
export type PlatformId = (typeof platforms)[number]["id"];

/** The registered platform with the id `Id`, with its own settings and post types. */
export type PlatformById<Id extends PlatformId> = Extract<(typeof platforms)[number], { id: Id }>;

/** The post type of the platform `Id` (e.g. `PostOf<"mastodon">` is `MastodonPost`). */
export type PostOf<Id extends PlatformId> = Parameters<PlatformById<Id>["details"]>[0];

export const platformIds: readonly PlatformId[] = platforms.map((p) => p.id);

/** Whether `name` is a platform id (a config's `platform:`, a `--channel` filter). */
export function isPlatformId(name: string): name is PlatformId {
  return (platformIds as readonly string[]).includes(name);
}

/** The platform with this id, as the code above the platforms uses it. */
export function platformById(id: PlatformId): AnyPlatform {
  const platform = platforms.find((p) => p.id === id);
  if (!platform) throw new Error(`unknown platform ${id}`);
  return platform;
}
