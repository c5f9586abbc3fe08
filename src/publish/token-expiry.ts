/**
 * When a channel's access token expires, and the warning about it. The platform's own answer (Graph and
 * Threads `debug_token`, LinkedIn token introspection) wins; `token_expires_at` in the channel's config is
 * the fallback for tokens no API describes (Instagram-login tokens, LinkedIn without the app's client secret).
 */
import type { Channel, Connection } from "../platforms/platform.js";
import { ui } from "../ui-texts.js";

export const EXPIRY_WARNING_DAYS = 14;

export interface TokenExpiry {
  expiresAt: Date;
  /** Who says so: the platform, or the channel's `token_expires_at`. */
  source: "platform" | "config";
}

export function tokenExpiry(connection: Pick<Connection, "tokenExpiresAt">, channel: Channel): TokenExpiry | undefined {
  if (connection.tokenExpiresAt) return { expiresAt: connection.tokenExpiresAt, source: "platform" };
  const configured = channel.settings.token_expires_at;
  return typeof configured === "string" ? { expiresAt: new Date(configured), source: "config" } : undefined;
}

/** A warning when the token has expired or expires within {@link EXPIRY_WARNING_DAYS} days. */
export function expiryWarning(expiry: TokenExpiry | undefined, channel: string, now = new Date()): string | undefined {
  if (!expiry) return undefined;
  const days = (expiry.expiresAt.getTime() - now.getTime()) / 86_400_000;
  const said = { channel, at: expiry.expiresAt, fromConfig: expiry.source === "config" };
  if (days < 0) return ui().notes.tokenExpiry(said);
  if (days < EXPIRY_WARNING_DAYS) return ui().notes.tokenExpiry({ ...said, days: Math.floor(days) });
  return undefined;
}
