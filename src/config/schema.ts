/**
 * The channels.yaml schema, assembled from the platform registry.
 */
import * as z from "zod";
import { LanguageTag } from "../announcement/schema.js";
import { platforms } from "../platforms/index.js";
import { baseUrl } from "../platforms/shared/settings.js";

/** Channel names are used on the command line, in overrides and in ledger keys. */
export const ChannelName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, "letters, digits, '-' and '_' only");

/** A time in seconds: more than nothing, at most an hour. */
const seconds = z.number().positive().max(3600);

/**
 * How long a run waits for a platform, in seconds: at the top of channels.yaml for every channel, and in a
 * channel's entry for that channel alone (each key it sets overrides the top-level one; config.ts resolves
 * them, `timeoutsFor`).
 */
export const timeoutsSettings = z
  .object({
    /** A channel that has not connected by then (retries included) is unreachable for this run. */
    connect: seconds.describe("Seconds a channel may take to connect (credentials, live limits), retries included; after it the channel is left out of this run (UNREACHABLE). Default 10.").optional(),
    /** The same for notices with `urgent: true`. */
    urgent_connect: seconds.describe("The same for notices with urgent: true. Default 5, or connect if that is lower.").optional(),
    /** Each single request to a platform (upload, post, poll, …). */
    request: seconds.describe("Seconds each single request may take (upload, post, poll, find, delete, link card). Default 30.").optional(),
  })
  .strict();

/** The keys every channel entry has besides its platform's settings; the config takes them out of `settings`. */
export const channelKeys = {
  /** This channel's deadlines: each key set here overrides the top-level `timeouts:` for this channel only. */
  timeouts: timeoutsSettings.describe("This channel's own deadlines, in seconds: each key set here overrides the top-level timeouts: for this channel only.").optional(),
};

export function buildConfigSchema() {
  const channel = z.discriminatedUnion(
    "platform",
    platforms.map((p) => p.settings.extend({ platform: z.literal(p.id), ...channelKeys })) as unknown as [z.ZodObject, ...z.ZodObject[]],
  );
  return z
    .object({
      $schema: z.string().optional(),
      defaults: z
        .object({
          lang: LanguageTag.optional(),
          require_approval: z.boolean().default(false),
          /** The allowed_signers file (ssh-keygen format) of the people who may approve; relative to the config file. */
          allowed_signers: z.string().min(1).optional(),
          /** Whether approvals without a signature (approve --by NAME) count. */
          unsigned_approvals: z.boolean().optional(),
        })
        .strict()
        .default({ require_approval: false }),
      /** Folder for the ledger, sessions and approvals; relative to the config file. Default: .announce */
      state: z.string().min(1).optional(),
      /**
       * The folder served at a public URL from which Instagram and Threads fetch images. Default: a website
       * channel's `media/` folder; a channel's media_dir and media_base_url override it.
       */
      media: z.object({ dir: z.string().min(1), base_url: baseUrl }).strict().optional(),
      /**
       * Hosts that link cards and the media URL check may fetch although they resolve to a loopback,
       * private or link-local address (an intranet page, test servers). Anything else non-public is refused.
       */
      allow_hosts: z.array(z.string().min(1)).optional(),
      /** How long a run waits for a platform, in seconds (defaults in config.ts, DEFAULT_TIMEOUTS); a channel's own `timeouts:` overrides it. */
      timeouts: timeoutsSettings
        .describe("How long a run waits for a platform, in seconds. A channel's own timeouts: override these for that channel.")
        .optional(),
      /** Empty (every entry commented out, as `announce init` writes it) reads as no channels. */
      channels: z.record(ChannelName, channel).nullable(),
    })
    .strict();
}

export type ConfigFile = z.infer<ReturnType<typeof buildConfigSchema>>;

/** JSON Schema of channels.yaml, for editors (kept in sync with the zod schema by a test). */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(buildConfigSchema(), { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return { ...schema, title: "announce channels.yaml" };
}
