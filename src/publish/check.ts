/**
 * `announce check`: connect to every selected channel, verify the credentials and permissions, and show
 * live limits, quotas and when tokens expire (a warning within 14 days).
 */
import path from "node:path";
import { readConfig, resolveSecrets, timeoutsFor, type Env } from "../config/config.js";
import { platformById } from "../platforms/index.js";
import type { Limits } from "../platforms/platform.js";
import { Redactor } from "../redact.js";
import { asPublishError, quotaExhausted } from "../platforms/shared/failure.js";
import { internalErrorJson, isClassified } from "./results.js";
import { expiryWarning, tokenExpiry } from "./token-expiry.js";
import { problem } from "../messages.js";
import { InvalidInputError } from "../problems.js";
import { resolveStateDir } from "../state/state-dir.js";

export interface ChannelCheck {
  channel: string;
  platform: string;
  ok: boolean;
  account?: string;
  limits?: Partial<Limits>;
  quota?: { used: number; total: number; window: string };
  tokenExpiresAt?: string;
  /** Whether the platform told the expiry, or the channel's `token_expires_at`. */
  tokenExpirySource?: "platform" | "config";
  scopes?: string[];
  warnings: string[];
  error?: { code: string; message: string; hint?: string };
  /** A bug while checking this channel (an error nobody classified), with its stack; never in JSON. */
  bug?: unknown;
}

export async function checkChannels(options: { config: string; env: Env; only?: string[]; stateDir?: string; redactor?: Redactor; now?: Date }): Promise<ChannelCheck[]> {
  const redactor = options.redactor ?? new Redactor();
  const { config, problems } = await readConfig(options.config, options.env);
  if (!config) throw new InvalidInputError(problems);
  if (config.channels.length === 0) throw new InvalidInputError([problem("CONFIG_NO_CHANNELS", {}, { location: { file: config.file, key: "channels" } })]);
  const only = options.only ?? [];
  const unknown = only.filter((name) => !config.channels.some((c) => c.name === name || c.platform === name));
  if (unknown.length > 0) throw new InvalidInputError(unknown.map((name) => problem("UNKNOWN_CHANNEL", { name, configured: config.channels.map((c) => c.name) })));
  const channels = config.channels.filter((c) => c.settings.enabled !== false && (only.length === 0 || only.includes(c.name) || only.includes(c.platform)));
  const now = options.now ?? new Date();
  const stateDir = resolveStateDir(options.stateDir, config);
  return Promise.all(
    channels.map(async (channel): Promise<ChannelCheck> => {
      // A check may wait longer than a post's connect deadline (it is not publishing), each request as long as a run's.
      const timeouts = timeoutsFor(config, channel.name);
      const base = { channel: channel.name, platform: channel.platform, warnings: [] as string[] };
      const { secrets, problems: missing } = resolveSecrets(channel, options.env, config.file);
      for (const value of Object.values(secrets)) redactor.add(value);
      if (missing.length > 0) return { ...base, ok: false, error: { code: missing[0]!.code, message: missing[0]!.message, hint: missing[0]!.hint } };
      const platform = platformById(channel.platform);
      try {
        const publisher = await platform.publisher();
        const told: string[] = [];
        const connection = await publisher.connect({ channel, secrets, stateDir, configDir: path.dirname(config.file), allowHosts: config.allowHosts, signal: AbortSignal.timeout(Math.max(30_000, timeouts.connectMs)), requestTimeoutMs: timeouts.requestMs, warn: (message) => void told.push(message) });
        const warnings = [...connection.warnings, ...told];
        const expiry = tokenExpiry(connection, channel);
        const expiring = expiryWarning(expiry, channel.name, now);
        if (expiring) warnings.push(expiring);
        const quota = quotaExhausted(connection.quota, platform.name);
        if (quota) warnings.push(quota.message);
        return {
          ...base,
          ok: true,
          account: connection.account,
          limits: connection.limits,
          quota: connection.quota,
          tokenExpiresAt: expiry?.expiresAt.toISOString(),
          tokenExpirySource: expiry?.source,
          scopes: connection.scopes,
          warnings: warnings.map((w) => redactor.redact(w)),
        };
      } catch (error) {
        // A bug (a TypeError in a client) fails this channel's check alone and keeps its stack: the CLI
        // prints it after the report and exits 70.
        if (!isClassified(error)) return { ...base, ok: false, error: internalErrorJson(error, platform.name, redactor), bug: error };
        const failure = asPublishError(error, platform.name);
        return { ...base, ok: false, error: { code: failure.code, message: redactor.redact(failure.message), hint: failure.hint } };
      }
    }),
  );
}
