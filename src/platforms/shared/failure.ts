/**
 * Failure kinds shared by the platforms: HTTP answers, network errors and quotas read into
 * {@link PublishError}s (src/problems.ts), whose `kind` the pipeline acts on.
 */
import { explain } from "../../messages.js";
import { AnnounceError, PublishError } from "../../problems.js";

/**
 * A channel whose publishing quota (Instagram, Threads) is used up: nothing new can go out there now.
 * Connecting only reads the quota; the pipeline decides with this whether a channel can still publish
 * (a re-run whose posts are all out needs none), and `check` shows the same sentence as a warning.
 */
export function quotaExhausted(quota: { used: number; total: number; window: string } | undefined, platformName: string): PublishError | undefined {
  if (!quota || quota.used < quota.total) return undefined;
  return new PublishError({ kind: "permanent", ...explain("QUOTA_EXHAUSTED", { via: "quota", platform: platformName, used: quota.used, total: quota.total, window: quota.window }) });
}

/**
 * How long to wait, from the headers: Retry-After (seconds or HTTP date), X-RateLimit-Reset (ISO timestamp
 * or epoch seconds), or Meta's X-Business-Use-Case-Usage (`estimated_time_to_regain_access`, minutes).
 */
export function retryAfterMs(headers: { get(name: string): string | null } | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const retryAfter = headers.get("retry-after");
  if (retryAfter) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    if (Number.isFinite(date)) return Math.max(0, date - now);
  }
  const reset = headers.get("x-ratelimit-reset") ?? headers.get("ratelimit-reset");
  if (reset) {
    const asNumber = Number(reset);
    // Epoch seconds (Bluesky) vs. delta seconds (IETF draft): anything before 2001 is a delta.
    if (Number.isFinite(asNumber)) return asNumber > 1e9 ? Math.max(0, asNumber * 1000 - now) : asNumber * 1000;
    const date = Date.parse(reset);
    if (Number.isFinite(date)) return Math.max(0, date - now);
  }
  return regainAccessMs(headers.get("x-business-use-case-usage"));
}

/** The longest `estimated_time_to_regain_access` (minutes) of an X-Business-Use-Case-Usage header, in ms. */
function regainAccessMs(raw: string | null): number | undefined {
  let usage: unknown;
  try {
    usage = raw ? JSON.parse(raw) : undefined;
  } catch {
    return undefined;
  }
  const minutes = Object.values(usage && typeof usage === "object" ? usage : {})
    .flat()
    .map((entry: { estimated_time_to_regain_access?: unknown } | undefined) => Number(entry?.estimated_time_to_regain_access))
    .filter((m) => Number.isFinite(m) && m > 0);
  return minutes.length > 0 ? Math.max(...minutes) * 60_000 : undefined;
}

/**
 * The usual reading of an HTTP failure. `create` says whether the request creates something: a 5xx on a
 * create is `unknown`, since some servers store the post and then fail.
 */
export function httpFailure(
  platform: string,
  status: number,
  platformMessage: string | undefined,
  headers: { get(name: string): string | null } | undefined,
  options: { create?: boolean } = {},
): PublishError {
  if (status === 401) {
    return new PublishError({ kind: "permanent", ...explain("AUTH_INVALID", { via: "answer", platform, code: 401, platformMessage }), status, platformMessage });
  }
  if (status === 403) {
    return new PublishError({ kind: "permanent", ...explain("PERMISSION_DENIED", { via: "status", platform, platformMessage }), status, platformMessage });
  }
  if (status === 429) {
    return new PublishError({ kind: "transient", ...explain("RATE_LIMITED", { platform, code: 429, platformMessage }), status, platformMessage, retryAfterMs: retryAfterMs(headers) });
  }
  if (status >= 500) {
    return new PublishError({
      kind: options.create ? "unknown" : "transient",
      ...explain("SERVER_ERROR", { via: "status", platform, code: status, platformMessage }),
      status,
      platformMessage,
      retryAfterMs: retryAfterMs(headers),
    });
  }
  if (status === 413) {
    return new PublishError({ kind: "permanent", ...explain("MEDIA_REJECTED", { via: "status", platform, platformMessage }), status, platformMessage });
  }
  return new PublishError({ kind: "permanent", ...explain("REJECTED", { platform, code: status, platformMessage }), status, platformMessage });
}

/** A failure without an HTTP response: refused or dropped connection, timeout. */
export function networkFailure(platform: string, error: unknown, options: { create?: boolean } = {}): PublishError {
  const cause = error as { name?: string; code?: string; cause?: { code?: string; message?: string }; message?: string };
  const code = cause?.cause?.code ?? cause?.code;
  const timeout = cause?.name === "TimeoutError" || cause?.name === "AbortError" || code === "UND_ERR_HEADERS_TIMEOUT";
  const refused = code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EAI_AGAIN";
  const reason = code ?? cause?.cause?.message ?? cause?.message;
  return new PublishError(
    {
      // A refused connection never reached the server; a dropped one or a timeout may have.
      kind: refused ? "transient" : options.create ? "unknown" : "transient",
      ...(timeout ? explain("TIMEOUT", { platform, reason }) : explain("NETWORK", { platform, reason })),
    },
    { cause: error },
  );
}

/** Any error thrown while publishing, as a PublishError; what nobody classified is an unknown outcome. */
export function asPublishError(error: unknown, platformName: string): PublishError {
  if (error instanceof PublishError) return error;
  if (error instanceof AnnounceError) return new PublishError({ kind: "permanent", code: error.code, message: error.message, hint: error.hint });
  return new PublishError({ kind: "unknown", ...explain("UNEXPECTED", { platform: platformName, reason: (error as Error)?.message ?? String(error) }) }, { cause: error });
}
