/**
 * The token endpoints of Meta's logins, added to the Graph and Threads fakes for `announce login`:
 *
 * - Facebook Login: `GET /{version}/oauth/access_token?grant_type=fb_exchange_token&client_id&client_secret
 *   &fb_exchange_token` → `{ access_token, token_type: "bearer", expires_in }` (a long-lived user token);
 *   `GET /{version}/me/accounts` with that token → `{ data: [{ id, name, access_token, category, tasks }],
 *   paging }` (the Pages the user manages, each with its Page token).
 *   https://developers.facebook.com/docs/facebook-login/guides/access-tokens/get-long-lived/,
 *   https://developers.facebook.com/docs/pages-api/getting-started/
 * - Threads: `GET /access_token?grant_type=th_exchange_token&client_secret&access_token` and
 *   `GET /refresh_access_token?grant_type=th_refresh_token&access_token` (no version in the path) →
 *   `{ access_token, token_type: "bearer", expires_in }`.
 *   https://developers.facebook.com/docs/threads/get-started/long-lived-tokens/
 * - Instagram Login (a Graph fake with `host: "instagram"`, i.e. graph.instagram.com):
 *   `GET /access_token?grant_type=ig_exchange_token&client_secret&access_token` and
 *   `GET /refresh_access_token?grant_type=ig_refresh_token&access_token` (no version in the path) →
 *   `{ access_token, token_type: "bearer", expires_in }`.
 *   https://developers.facebook.com/docs/instagram-platform/reference/access_token,
 *   https://developers.facebook.com/docs/instagram-platform/reference/refresh_access_token
 *
 * Each answers a missing or wrong parameter with Graph's error envelope (code 100 or 190, HTTP 400), so a
 * request of another shape fails as it would on Meta's servers.
 */
import type { RecordedRequest } from "./fake-server.js";
import type { GraphFake, ThreadsFake } from "./graph.js";

const SIXTY_DAYS = 60 * 24 * 3600;
const error = (code: number, message: string) => ({ status: 400, body: { error: { message, type: "OAuthException", code, fbtrace_id: "Afake" } } });
/** The parameters of a GET: only the query string counts (a body on a GET is not read). */
const query = (req: RecordedRequest) => Object.fromEntries(req.query);

export interface FacebookLoginSpec {
  appId: string;
  appSecret: string;
  /** The short-lived user token the person brings. */
  shortToken: string;
  /** The long-lived user token the exchange returns. */
  longToken: string;
  /** The Pages the user manages (their tokens must be ones the Graph fake accepts to publish). */
  pages: { id: string; name: string; access_token: string }[];
}

/** Adds Facebook Login's exchange and `/me/accounts` to a Graph fake. */
export function addFacebookLogin(fake: GraphFake, spec: FacebookLoginSpec): void {
  fake.routeFirst("GET", "/:version/oauth/access_token", (req) => {
    const p = query(req);
    if (p.grant_type !== "fb_exchange_token") return error(100, "Invalid grant_type");
    if (p.client_id !== spec.appId) return error(101, "Error validating application. Invalid application ID.");
    if (p.client_secret !== spec.appSecret) return error(1, "Error validating client secret.");
    if (p.fb_exchange_token !== spec.shortToken) return error(190, "Invalid OAuth access token - Cannot parse access token");
    return { status: 200, body: { access_token: spec.longToken, token_type: "bearer", expires_in: SIXTY_DAYS } };
  });
  fake.routeFirst("GET", "/:version/me/accounts", (req) => {
    const p = query(req);
    if (p.access_token !== spec.longToken) return error(190, "Invalid OAuth access token - Cannot parse access token");
    const data = spec.pages.map((page) => ({ ...page, category: "Government organization", tasks: ["ADVERTISE", "ANALYZE", "CREATE_CONTENT", "MESSAGING", "MODERATE", "MANAGE"] }));
    return { status: 200, body: { data, paging: { cursors: { before: "QVFI", after: "QVFJ" } } } };
  });
}

export interface ThreadsLoginSpec {
  appSecret: string;
  shortToken: string;
  /** The long-lived token the exchange returns (must be the Threads fake's token, to connect). */
  longToken: string;
  /** The token a refresh of `longToken` returns (the fake then accepts it instead). */
  refreshedToken: string;
}

/** Adds the Threads token exchange and refresh to a Threads fake. */
export function addThreadsLogin(fake: ThreadsFake, spec: ThreadsLoginSpec): void {
  fake.routeFirst("GET", "/access_token", (req) => {
    const p = query(req);
    if (p.grant_type !== "th_exchange_token") return error(100, "Invalid grant_type");
    if (p.client_secret !== spec.appSecret) return error(1, "Error validating client secret.");
    if (p.access_token !== spec.shortToken) return error(190, "Invalid OAuth access token - Cannot parse access token");
    return { status: 200, body: { access_token: spec.longToken, token_type: "bearer", expires_in: SIXTY_DAYS - 56 } };
  });
  fake.routeFirst("GET", "/refresh_access_token", (req) => {
    const p = query(req);
    if (p.grant_type !== "th_refresh_token") return error(100, "Invalid grant_type");
    if (p.access_token !== spec.longToken) return error(190, "Invalid OAuth access token - Cannot parse access token");
    fake.config.token = spec.refreshedToken;
    return { status: 200, body: { access_token: spec.refreshedToken, token_type: "bearer", expires_in: SIXTY_DAYS } };
  });
}

export interface InstagramLoginSpec {
  appSecret: string;
  shortToken: string;
  /** The long-lived token the exchange returns (must be the Graph fake's `pageToken`, to connect). */
  longToken: string;
  /** The token a refresh of `longToken` returns (the fake then accepts it instead). */
  refreshedToken: string;
}

/** Adds Instagram Login's token exchange and refresh to a Graph fake serving graph.instagram.com. */
export function addInstagramLogin(fake: GraphFake, spec: InstagramLoginSpec): void {
  if (fake.config.host !== "instagram") throw new Error("Instagram Login's token endpoints are on graph.instagram.com: a GraphFake with host: \"instagram\"");
  // The docs' example: 5183944 seconds, a little under 60 days.
  const expiresIn = 5_183_944;
  fake.routeFirst("GET", "/access_token", (req) => {
    const p = query(req);
    if (p.grant_type !== "ig_exchange_token") return error(100, "Invalid grant_type");
    if (p.client_secret !== spec.appSecret) return error(1, "Error validating client secret.");
    if (p.access_token !== spec.shortToken) return error(190, "Invalid OAuth access token - Cannot parse access token");
    return { status: 200, body: { access_token: spec.longToken, token_type: "bearer", expires_in: expiresIn } };
  });
  fake.routeFirst("GET", "/refresh_access_token", (req) => {
    const p = query(req);
    if (p.grant_type !== "ig_refresh_token") return error(100, "Invalid grant_type");
    // The fake's choice: the docs name only these two parameters; the app secret has no business here.
    if ("client_secret" in p) return error(100, "client_secret is not a parameter of a refresh");
    if (p.access_token !== fake.config.pageToken || p.access_token !== spec.longToken) return error(190, "Invalid OAuth access token - Cannot parse access token");
    fake.config.pageToken = spec.refreshedToken;
    return { status: 200, body: { access_token: spec.refreshedToken, token_type: "bearer", expires_in: expiresIn } };
  });
}
