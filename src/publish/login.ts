/**
 * `announce login CHANNEL`: gets a secret for one configured channel through its platform's login flow,
 * connects with it as `check` does (so only a working secret is kept; for Bluesky this stores the session),
 * and writes it to the `.env` file beside the config (mode 0600, listed in .gitignore) under the variable
 * the channel's config names, or hands it back to be printed (`--print`, for a CI secret store). The
 * values the channel needs with it (a page_id, ig_user_id, user_id, organization; token_expires_at when
 * only the login knows the expiry) are written into the channel's entry of channels.yaml when it can be
 * edited safely (src/config/edit.ts); else, and with `--print`, they are listed with the reason.
 */
import { appendFile, readFile } from "node:fs/promises";
import path from "node:path";
import { readConfig, type Env } from "../config/config.js";
import { writeChannelSettings, type SettingsEditReason } from "../config/edit.js";
import { ENV_FILE, writeEnvVariables } from "../env-file.js";
import { problem } from "../messages.js";
import { platformById } from "../platforms/index.js";
import type { LoginInput, LoginOptions } from "../platforms/shared/login.js";
import { AnnounceError, InvalidInputError } from "../problems.js";
import type { Redactor } from "../redact.js";
import { resolveStateDir } from "../state/state-dir.js";

export interface LoginRunOptions {
  channel: string;
  config: string;
  env: Env;
  stateDir?: string;
  login: LoginOptions;
  /** Hand the secret back instead of writing it to .env. */
  print?: boolean;
  ask: LoginInput<unknown>["ask"];
  say: LoginInput<unknown>["say"];
  redactor: Redactor;
}

export interface LoginReport {
  version: 1;
  channel: string;
  platform: string;
  /** The variable the config names for the secret (the CI secret's name too). */
  variable: string;
  /** Waiting for the person: where to go and what to run next. Nothing was written. */
  pending?: { url?: string; next: string };
  /** Whose secret it is, as the platform says when connecting. */
  account?: string;
  /** The .env file written. */
  written?: string;
  /** With --print: the line to give the CI's secret store (or the shell). */
  secretLine?: string;
  expiresAt?: string;
  /** Config values the channel needs with this secret that differ from channels.yaml. */
  settings?: Record<string, string>;
  /** What became of `settings`: the keys written into the config file, and those to set by hand, with why. */
  config?: LoginConfigEdit;
  notes: string[];
}

export interface LoginConfigEdit {
  /** The config file. */
  file: string;
  written: string[];
  kept: { key: string; reason: SettingsEditReason }[];
  /** With `unwritable`: the error's code. */
  errno?: string;
}

export async function login(options: LoginRunOptions): Promise<LoginReport> {
  const { config, problems } = await readConfig(options.config, options.env);
  if (!config) throw new InvalidInputError(problems);
  const channel = config.channels.find((c) => c.name === options.channel);
  if (!channel) throw new InvalidInputError([problem("UNKNOWN_CHANNEL", { name: options.channel, configured: config.channels.map((c) => c.name) })]);
  const platform = platformById(channel.platform);
  const base = { version: 1 as const, channel: channel.name, platform: channel.platform, notes: [] as string[] };
  if (!platform.login) throw new InvalidInputError([problem("LOGIN_NOT_SUPPORTED", { platform: platform.name })]);
  const stateDir = resolveStateDir(options.stateDir, config);
  const variableOf = (key: string) => /^\$\{(.+)\}$/.exec(String(channel.settings[key] ?? ""))?.[1];
  const firstKey = platform.secretKeys[0]!;
  const current = variableOf(firstKey) ? options.env[variableOf(firstKey)!] : undefined;

  const flow = await platform.login();
  const result = await flow.run({ channel: channel.name, settings: channel.settings, options: options.login, stateDir, current, ask: options.ask, say: options.say });
  if ("pending" in result) return { ...base, variable: variableOf(firstKey)!, pending: { url: result.url, next: result.next } };

  const key = result.secretKey ?? firstKey;
  const variable = variableOf(key)!;
  if (!options.print) options.redactor.add(result.secret);
  // Connect with it, as check does: a secret that does not work is not kept.
  const publisher = await platform.publisher();
  const secrets: Record<string, string> = { [key]: result.secret };
  const connection = await publisher.connect({
    // With the expiry the login knows, as the config will say it (a platform's own answer still wins).
    channel: { ...channel, settings: { ...channel.settings, ...result.settings, ...(result.expiresAt ? { token_expires_at: result.expiresAt } : {}) } },
    secrets,
    stateDir,
    configDir: path.dirname(config.file),
    signal: AbortSignal.timeout(60_000),
    warn: (message) => base.notes.push(message),
  });
  // An expiry only the login knows (no API tells it when connecting) goes into the config, so check warns in time.
  const found = { ...result.settings, ...(result.expiresAt && !connection.tokenExpiresAt ? { token_expires_at: result.expiresAt.slice(0, 10) } : {}) };
  const settings = changedSettings(channel.settings, found);
  const report: LoginReport = { ...base, variable, account: connection.account, expiresAt: result.expiresAt, settings, notes: [...(result.notes ?? []), ...connection.warnings, ...base.notes] };
  if (options.print) {
    const listed: LoginConfigEdit | undefined = settings ? { file: config.file, written: [], kept: Object.keys(settings).map((key) => ({ key, reason: "print" })) } : undefined;
    return { ...report, ...(listed ? { config: listed } : {}), secretLine: `${variable}=${result.secret}` };
  }

  const dir = path.dirname(config.file);
  const file = path.join(dir, ENV_FILE);
  try {
    await writeEnvVariables(file, { [variable]: result.secret });
    await keepOutOfGit(dir);
  } catch (error) {
    if (error instanceof AnnounceError) throw error;
    throw new AnnounceError(problem("ENV_FILE_UNREADABLE", { file, errno: (error as NodeJS.ErrnoException).code }));
  }
  // The secret is kept; a config file that cannot be edited only means the values are set by hand.
  const edit = settings ? { file: config.file, ...(await writeChannelSettings(config.file, channel.name, settings)) } : undefined;
  return { ...report, written: file, ...(edit ? { config: edit } : {}) };
}

/** The settings the login found that differ from the config's (e.g. the page_id of the Page chosen). */
function changedSettings(configured: Record<string, unknown>, found: Record<string, string> | undefined): Record<string, string> | undefined {
  const changed = Object.entries(found ?? {}).filter(([k, v]) => String(configured[k] ?? "") !== v);
  return changed.length > 0 ? Object.fromEntries(changed) : undefined;
}

/** Adds `.env` to the .gitignore beside the config, unless a line already ignores it. */
async function keepOutOfGit(dir: string): Promise<void> {
  const file = path.join(dir, ".gitignore");
  const text = await readFile(file, "utf8").catch(() => "");
  if (text.split(/\r?\n/).some((line) => [".env", "/.env", "*.env", ".env*"].includes(line.trim()))) return;
  await appendFile(file, `${text === "" || text.endsWith("\n") ? "" : "\n"}# secrets of announce login\n.env\n`);
}
