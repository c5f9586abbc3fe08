/** Schema pieces shared by the platform modules' channel settings. */
import * as z from "zod";

/** What a secret's value must look like: a `${ENV_VAR}` reference. */
export const SECRET_REF = /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/;

/** A secret: must be a `${ENV_VAR}` reference, never the value itself. */
export const secretRef = z
  .string()
  .regex(SECRET_REF, "must be a reference to an environment variable such as ${MASTODON_TOKEN}, never the secret itself");

/** An http(s) base URL (self-hosted instance, proxy or test server). */
export const baseUrl = z
  .url({ protocol: /^https?$/, error: "an http(s) URL" })
  // A password in a URL would travel into every error message and request log: credentials belong in
  // the secret keys (${VAR}), never in a URL.
  .refine((url) => !/^[a-z]+:\/\/[^/?#]*@/i.test(url), "an http(s) URL without a user name or password in it");

/** A notice that needs more posts than this is invalid: details belong on the linked page. */
export const DEFAULT_MAX_THREAD_POSTS = 10;

/** Channel keys every platform accepts. */
export const commonSettings = {
  /** Turn a channel off without deleting it. */
  enabled: z.boolean().default(true),
  /** Lower (or, where the server allows more, raise) the text limit used for planning. */
  max_characters: z.number().int().positive().optional(),
  /** The longest thread a notice may become on this channel (default {@link DEFAULT_MAX_THREAD_POSTS}). */
  max_thread_posts: z.number().int().positive().optional(),
  /** Require an approval before publishing on this channel (overrides `defaults.require_approval`). */
  require_approval: z.boolean().optional(),
  /** This channel's allowed_signers file (overrides `defaults.allowed_signers`); relative to the config file. */
  allowed_signers: z.string().min(1).optional(),
  /** Whether unsigned approvals count for this channel (overrides `defaults.unsigned_approvals`). */
  unsigned_approvals: z.boolean().optional(),
  /**
   * When the access token expires, for tokens whose expiry no API tells (Instagram-login tokens; LinkedIn
   * without client_id/client_secret): `check` and `post` warn 14 days ahead.
   */
  /**
   * How `announce correct` reaches posts the platform cannot edit: `reply` (a correction in the thread, the
   * old post stays) or `replace` (post the corrected version, then delete the old one). Default: reply.
   */
  corrections: z.enum(["reply", "replace"]).optional(),
  token_expires_at: z.union([z.iso.date(), z.iso.datetime({ offset: true })], { error: "a date such as 2027-01-31 or a time such as 2027-01-31T12:00:00+01:00" }).optional(),
};
