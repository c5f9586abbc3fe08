// Obtains a Mastodon-API access token from snac2 through its OAuth login form, without a browser or
// cookies: register an app (/api/v1/apps), post the login form (/oauth/x-snac-login), exchange the code
// (/oauth/token). With the out-of-band redirect URI snac answers the login with the bare code as body.
//
// Usage: node snac-token.mjs http://127.0.0.1:8001 alice <password>

import { pathToFileURL, URLSearchParams } from "node:url";

const OOB = "urn:ietf:wg:oauth:2.0:oob";

/**
 * @param {string} base snac base URL
 * @param {string} login user name
 * @param {string} passwd the password printed by `snac adduser`
 * @param {string} [scopes]
 * @returns {Promise<string>} the access token
 */
export async function getSnacToken(base, login, passwd, scopes = "read write") {
  const appResponse = await fetch(new URL("/api/v1/apps", base), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ client_name: "announce-tests", redirect_uris: OOB, scopes }),
  });
  if (!appResponse.ok) throw new Error(`snac /api/v1/apps: ${appResponse.status} ${await appResponse.text()}`);
  const app = await appResponse.json();

  const loginResponse = await fetch(new URL("/oauth/x-snac-login", base), {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ login, passwd, redir: OOB, cid: app.client_id, state: "" }),
  });
  const body = (await loginResponse.text()).trim();
  const location = loginResponse.headers.get("location");
  let code = location ? new URL(location, base).searchParams.get("code") : null;
  if (!code && /^[A-Za-z0-9]{16,}$/.test(body)) code = body;
  if (!code) throw new Error(`snac login of ${login}: ${loginResponse.status} ${location ?? ""} ${body.slice(0, 300)}`);

  const tokenResponse = await fetch(new URL("/oauth/token", base), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      client_id: app.client_id,
      client_secret: app.client_secret,
      redirect_uri: OOB,
      scope: scopes,
    }),
  });
  const token = await tokenResponse.json().catch(() => ({}));
  if (!token.access_token) throw new Error(`snac token of ${login}: ${tokenResponse.status} ${JSON.stringify(token)}`);
  return token.access_token;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [base, login, passwd] = process.argv.slice(2);
  if (!base || !login || !passwd) {
    console.error("usage: node snac-token.mjs BASE_URL USER PASSWORD");
    process.exit(2);
  }
  console.log(await getSnacToken(base, login, passwd));
}
