/**
 * `announce login` for Instagram (an account linked to a Facebook Page, Facebook login): the Page's token
 * (see ../facebook/login.ts) and the id of the Instagram account linked to the Page.
 * Docs: https://developers.facebook.com/docs/instagram-platform/instagram-api-with-facebook-login/
 */
import { AnnounceError } from "../../problems.js";
import { problem } from "../../messages.js";
import { pageLogin } from "../facebook/login.js";
import { loginRequest, type LoginFlow } from "../shared/login.js";
import type { InstagramSettings } from "./index.js";

export const instagramLogin: LoginFlow<InstagramSettings> = {
  async run(input) {
    const { page, pages, graph } = await pageLogin({ ...input, settings: { api_url: input.settings.api_url } }, "Instagram");
    const url = new URL(`${graph}/${encodeURIComponent(page.id)}`);
    url.search = new URLSearchParams({ fields: "instagram_business_account{id,username}", access_token: page.access_token }).toString();
    const linked = await loginRequest<{ instagram_business_account?: { id: string; username?: string } }>(
      "Instagram",
      "GET /{page-id}?fields=instagram_business_account",
      url,
      { signal: input.signal },
    );
    const account = linked.instagram_business_account;
    if (!account) throw new AnnounceError(problem("LOGIN_CHOOSE_PAGE", { pages: pages.map((p) => `${p.name} (${p.id})`) }), { invalidInput: true });
    return {
      secret: page.access_token,
      settings: { ig_user_id: account.id },
      notes: [`Instagram account ${account.username ?? account.id}, linked to the Page ${page.name} (${page.id}).`],
    };
  },
};
