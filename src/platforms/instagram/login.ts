/**
 * `announce login` for Instagram, in the two ways Meta offers:
 *
 * - Facebook Login (an account linked to a Facebook Page, graph.facebook.com): the Page's token (see
 *   ../facebook/login.ts) and the id of the Instagram account linked to the Page.
 *   Docs: https://developers.facebook.com/docs/instagram-platform/instagram-api-with-facebook-login/
 * - Instagram Login (graph.instagram.com): like Threads, a short-lived Instagram user token (one hour, from
 *   the app's business login or the App Dashboard's "Generate token") is exchanged for a long-lived one
 *   (60 days) with `GET /access_token?grant_type=ig_exchange_token&client_secret&access_token`, or, with
 *   `--refresh`, the channel's long-lived token (at least 24 hours old, not expired) is renewed for another
 *   60 days with `GET /refresh_access_token?grant_type=ig_refresh_token&access_token`; then
 *   `GET /{version}/me?fields=user_id,username` says the account's id (`user_id`, the id publishing uses).
 *   Docs: https://developers.facebook.com/docs/instagram-platform/reference/access_token,
 *   https://developers.facebook.com/docs/instagram-platform/reference/refresh_access_token,
 *   https://developers.facebook.com/docs/instagram-platform/reference/me
 */
import { AnnounceError } from "../../problems.js";
import { problem } from "../../messages.js";
import { ui } from "../../ui-texts.js";
import { choosePage, managedPages } from "../facebook/login.js";
import { GRAPH_VERSION } from "../shared/graph-client.js";
import { loginRequest, longLivedToken, type LoginFlow, type LoginInput, type LoginResult } from "../shared/login.js";
import { tokenLogin, type InstagramSettings } from "./index.js";

export const instagramLogin: LoginFlow<InstagramSettings> = {
  async run(input) {
    if (tokenLogin(input.settings) === "instagram") return instagramLoginFlow(input);
    const { pages, graph } = await managedPages({ ...input, settings: { api_url: input.settings.api_url } }, "Instagram");
    const candidates = input.options.page ? pages.filter((p) => p.id === input.options.page) : pages;
    // The Instagram account linked to each Page: the configured one wins, else the only one there is.
    const linked = await Promise.all(
      candidates.map(async (page) => {
        const url = new URL(`${graph}/${encodeURIComponent(page.id)}`);
        url.search = new URLSearchParams({ fields: "instagram_business_account{id,username}", access_token: page.access_token }).toString();
        try {
          const answer = await loginRequest<{ instagram_business_account?: { id: string; username?: string } }>("Instagram", "GET /{page-id}?fields=instagram_business_account", url, {
            signal: input.signal,
          });
          return { page, account: answer.instagram_business_account };
        } catch (error) {
          // One Page that cannot be asked (a role without access) does not stop the others.
          return { page, account: undefined, error };
        }
      }),
    );
    const withAccount = linked.filter((l) => l.account !== undefined);
    if (withAccount.length === 0 && linked.some((l) => l.error)) throw linked.find((l) => l.error)!.error;
    const chosen = withAccount.find((l) => l.account!.id === input.settings.ig_user_id) ?? (withAccount.length === 1 ? withAccount[0] : undefined);
    if (!chosen) throw choosePage(pages);
    const { page, account } = chosen;
    return {
      secret: page.access_token,
      settings: { ig_user_id: account!.id },
      notes: [ui().login.instagram.linked(account!.username ?? account!.id, page.name, page.id)],
    };
  },
};

/** Instagram Login: a long-lived token from a short-lived one (or renewed), and the account's id. */
async function instagramLoginFlow(input: LoginInput<InstagramSettings>): Promise<LoginResult> {
  const t = ui().login;
  const base = input.settings.api_url.replace(/\/+$/, "");
  const answer = await longLivedToken(input, { platform: "Instagram", grant: "ig", secretVariable: "INSTAGRAM_APP_SECRET", ask: t.instagram });
  const me = new URL(`${base}/${GRAPH_VERSION}/me`);
  me.search = new URLSearchParams({ fields: "user_id,username", access_token: answer.access_token }).toString();
  const user = await loginRequest<{ id?: string; user_id?: string | number; username?: string }>("Instagram", "GET /me?fields=user_id,username", me, { signal: input.signal });
  if (user.user_id === undefined) throw new AnnounceError(problem("LOGIN_FAILED", { platform: "Instagram", step: "GET /me?fields=user_id,username", missing: "user_id" }));
  const id = String(user.user_id);
  const expiresAt = answer.expires_in ? new Date(Date.now() + answer.expires_in * 1000).toISOString() : undefined;
  return {
    secret: answer.access_token,
    expiresAt,
    settings: { ig_user_id: id },
    notes: [t.instagram.account(user.username, id), t.renew(input.channel, expiresAt)],
  };
}
