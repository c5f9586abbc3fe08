/**
 * `announce login` for Bluesky: takes an app password (never the account's own password: app passwords
 * have the form xxxx-xxxx-xxxx-xxxx and can be revoked alone). `announce login` then connects with it as
 * `check` does, which logs in and stores the session under sessions/ (mode 0600).
 * Docs: https://docs.bsky.app/docs/advanced-guides/rate-limits (createSession is limited: reuse sessions).
 */
import { AnnounceError } from "../../problems.js";
import { problem } from "../../messages.js";
import { ui } from "../../ui-texts.js";
import { loginInputMissing, type LoginFlow } from "../shared/login.js";
import type { BlueskySettings } from "./index.js";

/** The form of an app password. */
export const APP_PASSWORD = /^[a-z0-9]{4}(-[a-z0-9]{4}){3}$/;

export const blueskyLogin: LoginFlow<BlueskySettings> = {
  async run(input) {
    const t = ui().login.bluesky;
    const password = (await input.ask(t.appPassword(input.settings.identifier), { secret: true }))?.trim();
    if (!password) throw loginInputMissing({ what: "app-password", platform: "Bluesky" });
    if (!APP_PASSWORD.test(password)) throw new AnnounceError(problem("LOGIN_NOT_APP_PASSWORD", {}), { invalidInput: true });
    return { secret: password, notes: [t.noExpiry] };
  },
};
