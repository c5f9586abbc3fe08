/**
 * `announce login` for Threads: exchanges a short-lived user token (one hour, from the app's authorization
 * window or the Graph API Explorer) for a long-lived one (60 days), or, with `--refresh`, renews the
 * channel's long-lived token (at least 24 hours old, not expired) for another 60 days.
 * Docs: https://developers.facebook.com/docs/threads/get-started/long-lived-tokens/
 */
import { ui } from "../../ui-texts.js";
import { loginRequest, longLivedToken, type LoginFlow } from "../shared/login.js";
import type { ThreadsSettings } from "./index.js";

export const threadsLogin: LoginFlow<ThreadsSettings> = {
  async run(input) {
    const t = ui().login;
    const base = input.settings.api_url.replace(/\/+$/, "");
    const answer = await longLivedToken(input, { platform: "Threads", grant: "th", secretVariable: "THREADS_APP_SECRET", ask: t.threads });
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
