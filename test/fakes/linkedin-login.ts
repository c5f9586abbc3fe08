/**
 * LinkedIn's three-legged OAuth and the member's organizations, added to the LinkedIn fake for
 * `announce login`:
 *
 * - `GET /oauth/v2/authorization?response_type=code&client_id&redirect_uri&state&scope`: the member's
 *   consent, given at once here: 302 to `redirect_uri?code=…&state=…` (an unknown client id or a scope
 *   without w_organization_social: 302 with `error`).
 * - `POST /oauth/v2/accessToken` (form: grant_type=authorization_code, code, client_id, client_secret,
 *   redirect_uri, the same as in the authorization) → `{ access_token, expires_in, scope }`.
 * - `GET /rest/organizationAcls?q=roleAssignee&role&state` (Bearer, LinkedIn-Version,
 *   X-Restli-Protocol-Version: 2.0.0) → `{ elements: [{ organization, role, roleAssignee, state }], paging }`.
 *
 * https://learn.microsoft.com/en-us/linkedin/shared/authentication/authorization-code-flow,
 * https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/organization-access-control-by-role
 */
import { parseFields } from "./fake-server.js";
import type { LinkedInFake } from "./linkedin.js";

export interface LinkedInLoginSpec {
  clientId: string;
  clientSecret: string;
  /** The token the exchange returns (the fake's own, so that it then works). */
  token: string;
  /** The organizations the member administers. */
  organizations: string[];
}

const oauthError = (error: string, description: string) => ({ status: 400, body: { error, error_description: description } });

export function addLinkedInLogin(fake: LinkedInFake, spec: LinkedInLoginSpec): void {
  const codes = new Map<string, string>(); // code → redirect_uri it was given for
  fake.routeFirst("GET", "/oauth/v2/authorization", (req) => {
    const q = Object.fromEntries(req.query);
    const back = new URL(q.redirect_uri ?? "http://invalid.invalid/");
    if (q.response_type !== "code" || q.client_id !== spec.clientId || !q.redirect_uri || !q.state) {
      back.search = new URLSearchParams({ error: "invalid_request", error_description: "missing or invalid parameter", state: q.state ?? "" }).toString();
    } else if (!(q.scope ?? "").split(/[ ,]/).includes("w_organization_social")) {
      back.search = new URLSearchParams({ error: "unauthorized_scope_error", error_description: "Scope &quot;w_organization_social&quot; is not authorized", state: q.state }).toString();
    } else {
      const code = `AQ${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
      codes.set(code, q.redirect_uri);
      back.search = new URLSearchParams({ code, state: q.state }).toString();
    }
    return { status: 302, headers: { location: back.href } };
  });
  fake.routeFirst("POST", "/oauth/v2/accessToken", (req) => {
    if (!String(req.headers["content-type"]).includes("application/x-www-form-urlencoded")) return oauthError("invalid_request", "Content-Type must be application/x-www-form-urlencoded");
    const f = parseFields(req) as Record<string, string>;
    if (f.grant_type !== "authorization_code") return oauthError("unsupported_grant_type", "grant_type must be authorization_code");
    if (f.client_id !== spec.clientId || f.client_secret !== spec.clientSecret) return oauthError("invalid_client", "Client authentication failed");
    const redirect = codes.get(f.code ?? "");
    if (redirect === undefined) return oauthError("invalid_request", "Unable to retrieve access token: authorization code not found");
    if (redirect !== f.redirect_uri) return oauthError("invalid_redirect_uri", "Unable to retrieve access token: appid/redirect uri/code verifier does not match authorization code");
    codes.delete(f.code!);
    return { status: 200, body: { access_token: spec.token, expires_in: 5_183_999, scope: "r_organization_admin,w_organization_social" } };
  });
  fake.routeFirst("GET", "/rest/organizationAcls", (req) => {
    if (req.headers.authorization !== `Bearer ${spec.token}`) return { status: 401, body: { status: 401, serviceErrorCode: 65600, code: "INVALID_ACCESS_TOKEN", message: "Invalid access token" } };
    if (!/^\d{6}$/.test(String(req.headers["linkedin-version"] ?? ""))) return { status: 400, body: { status: 400, code: "VERSION_MISSING", message: "A version must be present." } };
    if (req.headers["x-restli-protocol-version"] !== "2.0.0") return { status: 400, body: { status: 400, message: "X-Restli-Protocol-Version: 2.0.0 is required" } };
    if (req.query.get("q") !== "roleAssignee") return { status: 400, body: { status: 400, message: "Invalid finder" } };
    const elements = spec.organizations.map((organization) => ({ organization, role: "ADMINISTRATOR", roleAssignee: "urn:li:person:abc123", state: "APPROVED" }));
    return { status: 200, body: { elements, paging: { count: 10, start: 0, total: elements.length } } };
  });
}
