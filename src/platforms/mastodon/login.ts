/**
 * `announce login` for Mastodon: registers an app on the instance (POST /api/v1/apps) with the scopes
 * announce needs, has the person authorize it in a browser (out-of-band: the instance shows a code), and
 * exchanges the code for a token (POST /oauth/token). The registered app is kept under sessions/, so the
 * second step (`--code`) and a later login reuse it.
 * Docs: https://docs.joinmastodon.org/client/token/, https://docs.joinmastodon.org/methods/apps/,
 * https://docs.joinmastodon.org/methods/oauth/
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { ui } from "../../ui-texts.js";
import { loginRequest, type LoginFlow } from "../shared/login.js";
import type { MastodonSettings } from "./index.js";

/** Reading is for reconciliation (the account's statuses) and for checking the token. */
export const MASTODON_SCOPES = "read:accounts read:statuses write:statuses write:media";
const OOB = "urn:ietf:wg:oauth:2.0:oob";

interface RegisteredApp {
  instance: string;
  client_id: string;
  client_secret: string;
}

export const mastodonLogin: LoginFlow<MastodonSettings> = {
  async run(input) {
    const t = ui().login.mastodon;
    const instance = input.settings.instance.replace(/\/+$/, "");
    const file = path.join(input.stateDir, "sessions", `${input.channel}.mastodon-app.json`);
    let app = await readFile(file, "utf8")
      .then((text) => JSON.parse(text) as RegisteredApp)
      .catch(() => undefined);
    if (app?.instance !== instance) {
      const registered = await loginRequest<{ client_id: string; client_secret: string }>("Mastodon", "POST /api/v1/apps", `${instance}/api/v1/apps`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ client_name: "announce", redirect_uris: OOB, scopes: MASTODON_SCOPES }),
        signal: input.signal,
      });
      app = { instance, client_id: registered.client_id, client_secret: registered.client_secret };
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      await writeFile(file, JSON.stringify(app), { mode: 0o600 });
    }
    const url = new URL(`${instance}/oauth/authorize`);
    url.search = new URLSearchParams({ client_id: app.client_id, scope: MASTODON_SCOPES, redirect_uri: OOB, response_type: "code" }).toString();

    let code = input.options.code;
    if (code === undefined) {
      input.say(t.open(url.href));
      code = (await input.ask(t.code))?.trim() || undefined;
    }
    if (code === undefined) return { pending: true, url: url.href, next: `announce login ${input.channel} --code CODE` };

    const token = await loginRequest<{ access_token: string; scope?: string }>("Mastodon", "POST /oauth/token", `${instance}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code,
        client_id: app.client_id,
        client_secret: app.client_secret,
        redirect_uri: OOB,
        scope: MASTODON_SCOPES,
      }),
      signal: input.signal,
    });
    return { secret: token.access_token, notes: [t.noExpiry] };
  },
};
