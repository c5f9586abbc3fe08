/**
 * `announce login` for Instagram (an account linked to a Facebook Page, Facebook login): the Page's token
 * (see ../facebook/login.ts) and the id of the Instagram account linked to the Page.
 * Docs: https://developers.facebook.com/docs/instagram-platform/instagram-api-with-facebook-login/
 */
import { choosePage, managedPages } from "../facebook/login.js";
import { loginRequest, type LoginFlow } from "../shared/login.js";
import type { InstagramSettings } from "./index.js";

export const instagramLogin: LoginFlow<InstagramSettings> = {
  async run(input) {
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
      notes: [`Instagram account ${account!.username ?? account!.id}, linked to the Page ${page.name} (${page.id}).`],
    };
  },
};
