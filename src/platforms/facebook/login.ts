/**
 * `announce login` for a Facebook Page (and, through the Page, its Instagram account): exchanges a
 * short-lived user token for a long-lived one (GET /oauth/access_token, grant_type=fb_exchange_token),
 * lists the Pages the user manages (GET /me/accounts) and takes the chosen Page's token, which does not
 * expire while the user keeps the Page role; for Instagram, the Page's linked account
 * (GET /{page-id}?fields=instagram_business_account).
 * Docs: https://developers.facebook.com/docs/facebook-login/guides/access-tokens/get-long-lived/,
 * https://developers.facebook.com/docs/pages-api/getting-started/, platforms.md (addendum).
 */
import { AnnounceError } from "../../problems.js";
import { problem } from "../../messages.js";
import { ui } from "../../ui-texts.js";
import { GRAPH_VERSION } from "../shared/graph-client.js";
import { loginInputMissing, loginRequest, type LoginFlow, type LoginInput, type LoginResult } from "../shared/login.js";
import type { FacebookSettings } from "./index.js";

export interface PageEntry {
  id: string;
  name: string;
  access_token: string;
  tasks?: string[];
}

/** The Pages the user of a (short-lived, then exchanged for a long-lived) user token manages, with their tokens. */
export async function managedPages(input: LoginInput<{ api_url: string }>, platform: "Facebook" | "Instagram"): Promise<{ pages: PageEntry[]; graph: string }> {
  const t = ui().login.meta;
  const graph = `${input.settings.api_url.replace(/\/+$/, "")}/${GRAPH_VERSION}`;
  const appId = input.options.appId ?? (await input.ask(t.appId, { env: "META_APP_ID" }));
  if (!appId) throw loginInputMissing({ what: "app-id", platform: "Meta", variable: "META_APP_ID" });
  const secret = await input.ask(t.appSecret, { secret: true, env: "META_APP_SECRET" });
  if (!secret) throw loginInputMissing({ what: "app-secret", platform: "Meta", variable: "META_APP_SECRET" });
  const short = await input.ask(t.userToken, { secret: true });
  // A user token of Facebook Login, for Instagram too (its account is reached through the Page).
  if (!short) throw loginInputMissing({ what: "user-token", platform: "Facebook" });

  const exchange = new URL(`${graph}/oauth/access_token`);
  exchange.search = new URLSearchParams({ grant_type: "fb_exchange_token", client_id: appId, client_secret: secret, fb_exchange_token: short }).toString();
  const long = await loginRequest<{ access_token: string }>(platform, "GET /oauth/access_token", exchange, { signal: input.signal });

  const accounts = new URL(`${graph}/me/accounts`);
  accounts.search = new URLSearchParams({ fields: "id,name,access_token,tasks", access_token: long.access_token }).toString();
  const { data: pages } = await loginRequest<{ data: PageEntry[] }>(platform, "GET /me/accounts", accounts, { signal: input.signal });
  return { pages, graph };
}

/** LOGIN_CHOOSE_PAGE, listing the Pages. */
export function choosePage(pages: readonly PageEntry[]): AnnounceError {
  return new AnnounceError(problem("LOGIN_CHOOSE_PAGE", { pages: pages.map((p) => `${p.name} (${p.id})`) }), { invalidInput: true });
}

export const facebookLogin: LoginFlow<FacebookSettings> = { run: (input) => facebookPageLogin(input) };

async function facebookPageLogin(input: LoginInput<{ api_url: string; page_id: string }>): Promise<LoginResult> {
  const { pages } = await managedPages(input, "Facebook");
  const wanted = input.options.page ?? input.settings.page_id;
  const page = pages.find((p) => p.id === wanted) ?? (input.options.page === undefined && pages.length === 1 ? pages[0] : undefined);
  if (!page) throw choosePage(pages);
  const t = ui().login.meta;
  const others = pages.filter((p) => p !== page).map((p) => `${p.name} (${p.id})`);
  return {
    secret: page.access_token,
    settings: { page_id: page.id },
    notes: [t.page(page.name, page.id), ...(others.length > 0 ? [t.otherPages(others)] : []), t.pageToken],
  };
}
