/**
 * `announce login` for Threads: exchanges a short-lived user token (one hour, from the app's authorization
 * window or the Graph API Explorer) for a long-lived one (60 days), or, with `--refresh`, renews the
 * channel's long-lived token (at least 24 hours old, not expired) for another 60 days.
 * Docs: https://developers.facebook.com/docs/threads/get-started/long-lived-tokens/
 */
import { ui } from "../../ui-texts.js";
import { loginInputMissing, loginRequest, type LoginFlow } from "../shared/login.js";
import type { ThreadsSettings } from "./index.js";

interface TokenAnswer {
  access_token: string;
  token_type?: string;
  /** Seconds until the token expires. */
  expires_in?: number;
}

export const threadsLogin: LoginFlow<ThreadsSettings> = {
  async run(input) {
    const t = ui().login;
    const base = input.settings.api_url.replace(/\/+$/, "");
    let answer: TokenAnswer;
    if (input.options.refresh) {
      if (!input.current) throw loginInputMissing({ what: "current-token", platform: "Threads" });
      const url = new URL(`${base}/refresh_access_token`);
      url.search = new URLSearchParams({ grant_type: "th_refresh_token", access_token: input.current }).toString();
      answer = await loginRequest<TokenAnswer>("Threads", "GET /refresh_access_token", url, { signal: input.signal });
    } else {
      const secret = await input.ask(t.threads.appSecret, { secret: true, env: "THREADS_APP_SECRET" });
      if (!secret) throw loginInputMissing({ what: "app-secret", platform: "Threads", variable: "THREADS_APP_SECRET" });
      const short = await input.ask(t.threads.userToken, { secret: true });
      if (!short) throw loginInputMissing({ what: "user-token", platform: "Threads" });
      const url = new URL(`${base}/access_token`);
      url.search = new URLSearchParams({ grant_type: "th_exchange_token", client_secret: secret, access_token: short }).toString();
      answer = await loginRequest<TokenAnswer>("Threads", "GET /access_token", url, { signal: input.signal });
    }
    const me = await loginRequest<{ id: string; username?: string }>(
      "Threads",
      "GET /me",
      `${base}/v1.0/me?fields=id,username&access_token=${encodeURIComponent(answer.access_token)}`,
      { signal: input.signal },
    );
    const expiresAt = answer.expires_in ? new Date(Date.now() + answer.expires_in * 1000).toISOString() : undefined;
    return {
      secret: answer.access_token,
      expiresAt,
      settings: { user_id: me.id },
      notes: [t.renew(input.channel, expiresAt)],
    };
  },
};
