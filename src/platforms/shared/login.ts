/**
 * What `announce login` asks of a platform: get a working secret for one channel, the way the platform
 * hands them out (an OAuth app and code, an app password, a token exchange), and say whose it is. A flow
 * prints nothing and exits nothing: it asks through `ask` (a terminal, or stdin when there is none), says
 * what to do through `say`, and returns what to store. Expected failures are AnnounceErrors.
 */
import { AnnounceError, InvalidInputError } from "../../problems.js";
import { parseJson } from "./request.js";
import { problem, type LoginValue } from "../../messages.js";

/** The flags of `announce login`, as far as a platform uses them. */
export interface LoginOptions {
  /** The authorization code (Mastodon, out-of-band; LinkedIn, instead of waiting for the redirect). */
  code?: string;
  /** The app's id (Facebook, Instagram: the Meta app; LinkedIn: the client id). */
  appId?: string;
  /** Renew the channel's current token instead of getting a new one (Threads; Instagram with Instagram Login). */
  refresh?: boolean;
  /** The Page to use, when the user manages several (Facebook, Instagram). */
  page?: string;
  /** The port of the localhost redirect (LinkedIn). */
  port?: number;
}

export interface LoginInput<Settings> {
  channel: string;
  settings: Settings;
  options: LoginOptions;
  /** The state folder (sessions and a registered app are kept under `sessions/`, mode 0600). */
  stateDir: string;
  /** The channel's current secret, when its variable is set (for a refresh). */
  current?: string;
  /**
   * One line of input: from the terminal (hidden when `secret`), else a line of stdin; undefined when there
   * is none (stdin closed), so a flow can stop and say how to go on.
   */
  ask(question: string, options?: { secret?: boolean; env?: string }): Promise<string | undefined>;
  /** A line for the person logging in (stderr); never a secret. */
  say(line: string): void;
  signal?: AbortSignal;
}

/**
 * What a flow got. `announce login` then connects with it, as `check` does (which also verifies it and,
 * for Bluesky, stores the session), before it writes anything.
 */
export interface LoginResult {
  /** The secret, for the channel's secret key (`access_token`, `app_password`). */
  secret: string;
  /** Which secret key it is for, when the platform has more than one (default: the first). */
  secretKey?: string;
  /** When it expires, if it does. */
  expiresAt?: string;
  /** Config values the channel needs with this secret (page_id, ig_user_id, …), written into channels.yaml. */
  settings?: Record<string, string>;
  /** Other things to know (other Pages found, how to renew). */
  notes?: string[];
}

/** A login that waits for the person (e.g. to authorize in a browser): how to go on. */
export interface LoginPending {
  pending: true;
  /** Where to go, e.g. the authorization URL. */
  url?: string;
  /** What to run next, e.g. `--code CODE`. */
  next: string;
}

/** One platform's `announce login` (a method, so that a platform's flow fits the registry's type). */
export interface LoginFlow<Settings> {
  run(input: LoginInput<Settings>): Promise<LoginResult | LoginPending>;
}

/** The step of a login the platform answered, for LOGIN_FAILED. */
export async function loginRequest<T>(platform: string, step: string, url: string | URL, init: RequestInit & { signal?: AbortSignal } = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: init.signal ?? AbortSignal.timeout(30_000), redirect: "manual" });
  } catch (error) {
    throw new AnnounceError(problem("LOGIN_FAILED", { platform, step, reason: (error as Error).message }));
  }
  const text = await response.text();
  const body = parseJson(text);
  if (!response.ok || body === undefined) {
    const said = (body as { error?: { message?: string } | string; error_description?: string; message?: string } | undefined) ?? {};
    const message =
      typeof said.error === "object"
        ? said.error.message
        : (said.error_description ?? said.message ?? (typeof said.error === "string" ? said.error : text.slice(0, 200)));
    // Refused (4xx): the input (code, token, app secret) is wrong, exit 2; a server error or an answer
    // that is not JSON: the run failed, exit 1.
    throw new AnnounceError(problem("LOGIN_FAILED", { platform, step, status: response.status, reason: message }), { invalidInput: response.status >= 400 && response.status < 500 });
  }
  return body as T;
}

/** A long-lived user token as Meta answers it (Threads, Instagram Login). */
export interface TokenAnswer {
  access_token: string;
  token_type?: string;
  /** Seconds until the token expires. */
  expires_in?: number;
}

/**
 * Meta's 60-day user tokens (Threads, Instagram Login) the way both hand them out: a short-lived token
 * exchanged for a long-lived one (`GET {api}/access_token?grant_type=<prefix>_exchange_token`, with the
 * app's secret), or with `--refresh` the channel's current one renewed
 * (`GET {api}/refresh_access_token?grant_type=<prefix>_refresh_token`).
 */
export async function longLivedToken(
  input: LoginInput<{ api_url: string }>,
  meta: { platform: "Threads" | "Instagram"; grant: "th" | "ig"; secretVariable: string; ask: { appSecret: string; userToken: string } },
): Promise<TokenAnswer> {
  const base = input.settings.api_url.replace(/\/+$/, "");
  const { platform } = meta;
  if (input.options.refresh) {
    if (!input.current) throw loginInputMissing({ what: "current-token", platform });
    const url = new URL(`${base}/refresh_access_token`);
    url.search = new URLSearchParams({ grant_type: `${meta.grant}_refresh_token`, access_token: input.current }).toString();
    return loginRequest<TokenAnswer>(platform, "GET /refresh_access_token", url, { signal: input.signal });
  }
  const secret = await input.ask(meta.ask.appSecret, { secret: true, env: meta.secretVariable });
  if (!secret) throw loginInputMissing({ what: "app-secret", platform, variable: meta.secretVariable });
  const short = await input.ask(meta.ask.userToken, { secret: true });
  if (!short) throw loginInputMissing({ what: "user-token", platform });
  const url = new URL(`${base}/access_token`);
  url.search = new URLSearchParams({ grant_type: `${meta.grant}_exchange_token`, client_secret: secret, access_token: short }).toString();
  return loginRequest<TokenAnswer>(platform, "GET /access_token", url, { signal: input.signal });
}

/** A value a login cannot go on without, not given (the message says which flag, variable or question gives it). */
export function loginInputMissing(value: LoginValue): InvalidInputError {
  return new InvalidInputError([problem("LOGIN_INPUT_MISSING", value)]);
}
