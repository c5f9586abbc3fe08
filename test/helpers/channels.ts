/**
 * channels.yaml for tests, built from typed objects instead of YAML strings. Each platform's builder takes
 * what its settings schema accepts (`z.input` of the schema in `src/platforms/<id>/index.ts`), so a
 * misspelt or missing key fails the typecheck, and the test reads like the channels.yaml a user writes.
 * Secrets are `${VAR}` references, as in the file:
 *
 *   createProject(channels({ m: mastodonChannel({ instance: fake.url, access_token: "${M_TOKEN}" }) }, { defaults: { lang: "de" } }))
 *
 * Tests of the config parser itself (problems with line numbers, flow and block style) keep literal YAML.
 */
import { stringify } from "yaml";
import type * as z from "zod";
import type { buildConfigSchema, channelKeys } from "../../src/config/schema.js";
import type { blueskySettings } from "../../src/platforms/bluesky/index.js";
import type { facebookSettings } from "../../src/platforms/facebook/index.js";
import type { instagramSettings } from "../../src/platforms/instagram/index.js";
import type { linkedinSettings } from "../../src/platforms/linkedin/index.js";
import type { mastodonSettings } from "../../src/platforms/mastodon/index.js";
import type { threadsSettings } from "../../src/platforms/threads/index.js";
import type { websiteSettings } from "../../src/platforms/website/index.js";

/** The keys every channel entry may have besides its platform's settings (its own `timeouts:`). */
export type ChannelKeys = { [K in keyof typeof channelKeys]?: z.input<(typeof channelKeys)[K]> };

/** A channel entry as written in channels.yaml: `platform`, the platform's settings and the common keys. */
type Entry<Id extends string, Settings extends z.ZodType> = { platform: Id } & z.input<Settings> & ChannelKeys;

export type MastodonChannel = Entry<"mastodon", typeof mastodonSettings>;
export type BlueskyChannel = Entry<"bluesky", typeof blueskySettings>;
export type FacebookChannel = Entry<"facebook", typeof facebookSettings>;
export type InstagramChannel = Entry<"instagram", typeof instagramSettings>;
export type LinkedInChannel = Entry<"linkedin", typeof linkedinSettings>;
export type ThreadsChannel = Entry<"threads", typeof threadsSettings>;
export type WebsiteChannel = Entry<"website", typeof websiteSettings>;
export type ChannelEntry = MastodonChannel | BlueskyChannel | FacebookChannel | InstagramChannel | LinkedInChannel | ThreadsChannel | WebsiteChannel;

export const mastodonChannel = (settings: z.input<typeof mastodonSettings> & ChannelKeys): MastodonChannel => ({ platform: "mastodon", ...settings });
export const blueskyChannel = (settings: z.input<typeof blueskySettings> & ChannelKeys): BlueskyChannel => ({ platform: "bluesky", ...settings });
export const facebookChannel = (settings: z.input<typeof facebookSettings> & ChannelKeys): FacebookChannel => ({ platform: "facebook", ...settings });
export const instagramChannel = (settings: z.input<typeof instagramSettings> & ChannelKeys): InstagramChannel => ({ platform: "instagram", ...settings });
export const linkedinChannel = (settings: z.input<typeof linkedinSettings> & ChannelKeys): LinkedInChannel => ({ platform: "linkedin", ...settings });
export const threadsChannel = (settings: z.input<typeof threadsSettings> & ChannelKeys): ThreadsChannel => ({ platform: "threads", ...settings });
export const websiteChannel = (settings: z.input<typeof websiteSettings> & ChannelKeys): WebsiteChannel => ({ platform: "website", ...settings });

/** The keys of channels.yaml besides `channels`: `defaults`, `state`. */
export type ConfigOptions = Omit<z.input<ReturnType<typeof buildConfigSchema>>, "channels">;

/**
 * Connect deadlines of the tests' configs: the real PDS and snac2 serve every test file of a run at once on
 * a small machine (snac2 answers one request at a time), so a first answer can take longer than the 10 s a
 * city's config waits by default. A test about deadlines sets its own `timeouts:`.
 */
const TEST_TIMEOUTS = { connect: 60, urgent_connect: 60 };

/** The text of a channels.yaml: `options` first, then the channels in the order given. */
export function channels(entries: Record<string, ChannelEntry>, options: ConfigOptions = {}): string {
  return stringify({ ...options, timeouts: { ...TEST_TIMEOUTS, ...options.timeouts }, channels: entries });
}
