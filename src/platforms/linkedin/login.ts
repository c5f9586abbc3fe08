/**
 * `announce login` for LinkedIn: the three-legged OAuth flow with a redirect to this machine. A page
 * administrator opens the authorization address, agrees, and LinkedIn sends the browser back to
 * `http://localhost:PORT/callback` (registered in the app as an authorized redirect URL), where announce
 * waits for the code; the code is exchanged for an access token (60 days), and the organizations the member
 * administers are listed (GET /rest/organizationAcls?q=roleAssignee).
 * Docs: https://learn.microsoft.com/en-us/linkedin/shared/authentication/authorization-code-flow,
 * https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/organization-access-control-by-role
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import { AnnounceError } from "../../problems.js";
import { problem } from "../../messages.js";
import { ui } from "../../ui-texts.js";
import { loginInputMissing, loginRequest, type LoginFlow, type LoginInput } from "../shared/login.js";
import type { LinkedInSettings } from "./index.js";

/** Posting as the organization, and reading which organizations the member administers. */
export const LINKEDIN_SCOPES = "w_organization_social r_organization_admin";
/** The default port of the redirect URL (`http://localhost:8765/callback`, as registered in the app). */
export const DEFAULT_PORT = 8765;
/** How long announce waits for the browser to come back, in minutes. */
const WAIT_MINUTES = 10;

export const linkedinLogin: LoginFlow<LinkedInSettings> = {
  async run(input) {
    const s = input.settings;
    const t = ui().login.linkedin;
    const clientId = input.options.appId ?? s.client_id ?? (await input.ask(t.clientId, { env: "LINKEDIN_CLIENT_ID" }));
    if (!clientId) throw loginInputMissing({ what: "app-id", platform: "LinkedIn", variable: "LINKEDIN_CLIENT_ID", configKey: "client_id" });
    const secretVariable = /^\$\{(.+)\}$/.exec(s.client_secret ?? "")?.[1] ?? "LINKEDIN_CLIENT_SECRET";
    const clientSecret = await input.ask(t.clientSecret, { secret: true, env: secretVariable });
    if (!clientSecret) throw loginInputMissing({ what: "app-secret", platform: "LinkedIn", variable: secretVariable });
    const port = input.options.port ?? DEFAULT_PORT;
    const redirectUri = `http://localhost:${port}/callback`;
    const oauth = s.oauth_url.replace(/\/+$/, "");
    const state = randomBytes(16).toString("hex");
    const authorize = new URL(`${oauth}/authorization`);
    authorize.search = new URLSearchParams({ response_type: "code", client_id: clientId, redirect_uri: redirectUri, state, scope: LINKEDIN_SCOPES }).toString();

    const code = input.options.code ?? (await waitForCode(input, authorize.href, port, state));
    const token = await loginRequest<{ access_token: string; expires_in?: number; scope?: string }>("LinkedIn", "POST /oauth/v2/accessToken", `${oauth}/accessToken`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "authorization_code", code, client_id: clientId, client_secret: clientSecret, redirect_uri: redirectUri }),
      signal: input.signal,
    });

    const acls = new URL(`${s.api_url.replace(/\/+$/, "")}/rest/organizationAcls`);
    acls.search = new URLSearchParams({ q: "roleAssignee", role: "ADMINISTRATOR", state: "APPROVED" }).toString();
    const { elements } = await loginRequest<{ elements: { organization: string; role: string; state: string }[] }>("LinkedIn", "GET /rest/organizationAcls?q=roleAssignee", acls, {
      headers: { authorization: `Bearer ${token.access_token}`, "linkedin-version": s.version, "x-restli-protocol-version": "2.0.0" },
      signal: input.signal,
    });
    const organizations = [...new Set(elements.map((e) => e.organization))];
    const organization = organizations.includes(s.organization) ? s.organization : organizations.length === 1 ? organizations[0] : undefined;
    if (!organization) throw new AnnounceError(problem("LOGIN_CHOOSE_PAGE", { pages: organizations }), { invalidInput: true });
    const expiresAt = token.expires_in ? new Date(Date.now() + token.expires_in * 1000).toISOString() : undefined;
    return {
      secret: token.access_token,
      expiresAt,
      settings: { organization },
      notes: [...(organizations.length > 1 ? [t.otherOrganizations(organizations.filter((o) => o !== organization))] : []), t.renew(input.channel, expiresAt)],
    };
  },
};

/** Waits on localhost for the browser to come back from LinkedIn with the code (and this login's state). */
async function waitForCode(input: LoginInput<LinkedInSettings>, address: string, port: number, state: string): Promise<string> {
  const t = ui().login.linkedin;
  return new Promise<string>((resolve, reject) => {
    const server = http.createServer((req, res) => {
      const url = new URL(req.url ?? "/", `http://localhost:${port}`);
      if (url.pathname !== "/callback") return void res.writeHead(404).end();
      const error = url.searchParams.get("error");
      const ok = url.searchParams.get("state") === state && url.searchParams.get("code");
      res.writeHead(ok ? 200 : 400, { "content-type": "text/html; charset=utf-8" });
      res.end(`<p>${ok ? t.received : t.refused}</p>`);
      if (!ok && !error) return; // a stray request (another state): keep waiting
      finish(() => (ok ? resolve(url.searchParams.get("code")!) : reject(new AnnounceError(problem("LOGIN_FAILED", { via: "browser", platform: "LinkedIn", reason: url.searchParams.get("error_description") ?? error ?? undefined })))));
    });
    const timer = setTimeout(() => finish(() => reject(new AnnounceError(problem("LOGIN_FAILED", { via: "no-browser", platform: "LinkedIn", minutes: WAIT_MINUTES })))), WAIT_MINUTES * 60_000);
    const finish = (settle: () => void) => {
      clearTimeout(timer);
      server.close();
      server.closeAllConnections();
      settle();
    };
    server.once("error", (error: NodeJS.ErrnoException) =>
      finish(() => reject(new AnnounceError(problem("LOGIN_FAILED", { via: "port", platform: "LinkedIn", port, reason: error.code ?? error.message })))),
    );
    server.listen(port, "127.0.0.1", () => input.say(t.open(address, port)));
  });
}
