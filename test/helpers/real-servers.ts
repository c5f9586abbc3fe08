/**
 * A test file's accounts on the real servers of the global setup (snac2 for Mastodon, a Bluesky PDS), and
 * channels that publish there (for `channels()` of channels.ts):
 *
 *   const real = await realAccounts({ snac: inject("snac"), snacUser: "alice", pds: inject("pds"), blueskyAccount: "post" });
 *   const project = await createProject(channels({ m: real.mastodon(), b: real.bluesky() }, { defaults: { lang: "de" } }));
 *   await runCli(["post", file, "--config", project.config], { env: real.env });
 *
 * The servers are handed in by the test file (its `inject(` calls also mark it as one that needs them).
 */
import type { ProvidedContext } from "vitest";
import { createBlueskyAccount, type BlueskyAccount } from "../setup/accounts.js";
import { blueskyChannel, mastodonChannel, type BlueskyChannel, type MastodonChannel } from "./channels.js";

/**
 * `snac` and the user whose token is M_TOKEN (each test file its own, see provided.d.ts); `pds` and the
 * prefix of a fresh account made there, whose app password is B_PASSWORD. Either pair may be left out.
 */
export type RealAccountsOptions = ({ snac: ProvidedContext["snac"]; snacUser: string } | { snac?: never; snacUser?: never }) &
  ({ pds: ProvidedContext["pds"]; blueskyAccount: string } | { pds?: never; blueskyAccount?: never });

export interface RealAccounts {
  /** snac2's URL and the user's token (to read back its statuses). */
  snac: { url: string; token: string };
  /** The fresh Bluesky account. */
  account: BlueskyAccount;
  /** The secrets the channels refer to: M_TOKEN (with snac) and B_PASSWORD (with the PDS). */
  env: Record<string, string>;
  /** A Mastodon channel on snac2 as the user: `instance`, `access_token: ${M_TOKEN}`, then `extra`. */
  mastodon(extra?: Partial<Omit<MastodonChannel, "platform">>): MastodonChannel;
  /** A Bluesky channel as the account: `service` (the PDS, or e.g. a proxy in front of it given in `extra`), `identifier`, `app_password: ${B_PASSWORD}`. */
  bluesky(extra?: Partial<Omit<BlueskyChannel, "platform">>): BlueskyChannel;
}

export async function realAccounts(options: RealAccountsOptions): Promise<RealAccounts> {
  const env: Record<string, string> = {};
  let snac: RealAccounts["snac"] | undefined;
  if (options.snac) {
    const user = options.snac.users.find((u) => u.name === options.snacUser);
    if (!user) throw new Error(`snac2 has no user ${options.snacUser} (it has ${options.snac.users.map((u) => u.name).join(", ")})`);
    snac = { url: options.snac.url, token: user.token };
    env.M_TOKEN = user.token;
  }
  let account: BlueskyAccount | undefined;
  if (options.pds) {
    account = await createBlueskyAccount(options.pds.url, options.blueskyAccount);
    env.B_PASSWORD = account.appPassword;
  }
  const missing = (what: string): never => {
    throw new Error(`realAccounts was given no ${what}`);
  };
  return {
    get snac() {
      return snac ?? missing("snac");
    },
    get account() {
      return account ?? missing("pds");
    },
    env,
    mastodon: (extra = {}) => mastodonChannel({ instance: snac?.url ?? missing("snac"), access_token: "${M_TOKEN}", ...extra }),
    bluesky: (extra = {}) => blueskyChannel({ service: options.pds?.url ?? missing("pds"), identifier: account?.handle ?? missing("pds"), app_password: "${B_PASSWORD}", ...extra }),
  };
}
