/**
 * Loading channels.yaml: YAML with positions, `${ENV_VAR}` references, zod validation, every problem at once.
 */
import type { Env } from "../env.js";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { $ZodIssue } from "zod/v4/core";
import { explain, problem } from "../messages.js";
import { InvalidInputError, type Problem } from "../problems.js";
import { isPlatformId, platformById, platformIds } from "../platforms/index.js";
import type { Channel, MediaHostSettings, PlatformId } from "../platforms/platform.js";
import { SECRET_REF } from "../platforms/shared/settings.js";
import { closest } from "../suggest.js";
import { parseYaml, valueAt, valueReason, zodProblems } from "../yaml-source.js";
import { buildConfigSchema, channelKeys, timeoutsSettings } from "./schema.js";

export interface Config {
  /** Absolute path of the config file. */
  file: string;
  defaults: {
    lang?: string;
    requireApproval: boolean;
    /** Absolute path of the default allowed_signers file of signed approvals. */
    allowedSigners?: string;
    /** Whether unsigned approvals (approve --by) count where a channel does not say otherwise. */
    unsignedApprovals?: boolean;
  };
  /** Absolute path of the state folder (ledger, sessions, approvals). */
  stateDir: string;
  /** Every configured channel, in file order, enabled or not. */
  channels: Channel[];
  /** Hosts that may be fetched although they resolve to a non-public address (`allow_hosts`). */
  allowHosts?: string[];
  /** How long a run waits for platforms (`timeouts:` in the config, in ms here); {@link DEFAULT_TIMEOUTS} when absent. */
  timeouts?: Timeouts;
  /**
   * The deadlines of channels with their own `timeouts:`, by channel name, already merged with the top-level
   * ones. Read them with {@link timeoutsFor}, never directly.
   */
  channelTimeouts?: Record<string, Timeouts>;
}

/** How long a run waits for platforms, in milliseconds. */
export interface Timeouts {
  /** A channel's connect deadline (retries included): after it the channel is unreachable for this run. */
  connectMs: number;
  /** The connect deadline of an urgent notice. */
  urgentConnectMs: number;
  /** Each single request. */
  requestMs: number;
}

/**
 * The defaults: a warning must not wait for one platform. Connecting is two or three small requests, which
 * a working server answers in well under a second; an upload of a large image may take longer than that.
 */
export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 10_000, urgentConnectMs: 5_000, requestMs: 30_000 };

export type { Env };

/** `timeouts:` as written in channels.yaml, in seconds (at the top, or in a channel's entry). */
type TimeoutSeconds = { connect?: number; urgent_connect?: number; request?: number };

/**
 * Deadlines in milliseconds from `timeouts:` (seconds) over the ones they refine: the defaults for the
 * top-level `timeouts:`, the resolved top-level ones for a channel's own. Each key set wins; an urgent
 * connect that is not set is the inherited one, or the connect deadline set here when that is shorter (an
 * urgent notice never waits longer than another).
 */
export function resolveTimeouts(own: TimeoutSeconds | undefined, base: Timeouts = DEFAULT_TIMEOUTS): Timeouts {
  const ms = (seconds: number | undefined) => (seconds === undefined ? undefined : seconds * 1000);
  const connectMs = ms(own?.connect);
  return {
    connectMs: connectMs ?? base.connectMs,
    urgentConnectMs: ms(own?.urgent_connect) ?? Math.min(base.urgentConnectMs, connectMs ?? Infinity),
    requestMs: ms(own?.request) ?? base.requestMs,
  };
}

/**
 * The deadlines of one channel: its own `timeouts:` over the top-level ones, over {@link DEFAULT_TIMEOUTS}.
 * Every command that connects (post, due, delete, correct, adopt, check) asks here.
 */
export function timeoutsFor(config: Pick<Config, "timeouts" | "channelTimeouts">, channel: string): Timeouts {
  return config.channelTimeouts?.[channel] ?? config.timeouts ?? DEFAULT_TIMEOUTS;
}

/** Where the config is: `--config`, else ANNOUNCE_CONFIG, else channels.yaml in the working directory. */
export function configPath(option: string | undefined, env: Env, cwd: string): string {
  return path.resolve(cwd, option ?? env.ANNOUNCE_CONFIG ?? "channels.yaml");
}

const ENV_REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export interface ConfigResult {
  config?: Config;
  problems: Problem[];
}

/** Reads and validates the config. Non-secret `${VAR}` values are filled in; secrets stay references. */
export async function readConfig(file: string, env: Env): Promise<ConfigResult> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { problems: [problem("CONFIG_NOT_FOUND", { file, errno: code }, { location: { file } })] };
  }
  return parseConfig(text, file, env);
}

/**
 * `${VAR}` is not a valid plain scalar inside YAML flow mappings (`{ access_token: ${TOKEN} }`, the
 * compact style many configs use), because of its braces. References are swapped for a brace-free
 * placeholder before parsing and restored after, so both block and flow style work unquoted.
 */
const PLACEHOLDER = /\$ENV:([A-Za-z_][A-Za-z0-9_]*)\$/g;

function restoreRefs(value: unknown): unknown {
  if (typeof value === "string") return value.replace(PLACEHOLDER, (_, name: string) => `\${${name}}`);
  if (Array.isArray(value)) return value.map(restoreRefs);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, restoreRefs(v)]));
  return value;
}

export function parseConfig(text: string, file: string, env: Env): ConfigResult {
  const source = parseYaml(text.replace(ENV_REF, (_, name: string) => `$ENV:${name}$`), file);
  source.value = restoreRefs(source.value);
  if (source.problems.length > 0) return { problems: source.problems };
  const raw = source.value as { channels?: Record<string, Record<string, unknown>> } | null;
  const problems: Problem[] = [];

  // Fill in ${VAR} in every value except secrets, which are resolved only when a channel connects.
  const filled = substitute(raw ?? {}, [], (value, keyPath) => {
    const [top, channelName, key] = keyPath;
    const platform = top === "channels" && typeof channelName === "string" ? raw?.channels?.[channelName]?.platform : undefined;
    if (key !== undefined && typeof platform === "string" && isPlatformId(platform) && platformById(platform).secretKeys.includes(String(key))) {
      return value;
    }
    return value.replace(ENV_REF, (_, name: string) => {
      const found = env[name];
      if (found === undefined || found === "") {
        problems.push(problem("CONFIG_ENV_MISSING", { of: "value", name, usedBy: keyPath.join(".") }, { location: { file, line: source.lineOf(keyPath), key: keyPath.join(".") } }));
        return "";
      }
      return found;
    });
  });

  const parsed = buildConfigSchema().safeParse(filled);
  if (!parsed.success) problems.push(...zodProblems(parsed.error.issues, source, file, describeConfigIssue(source.value)));
  if (!parsed.success || problems.length > 0) return { problems };

  const data = parsed.data;
  const dir = path.dirname(file);
  // No channels yet is a valid config: preview and validate show every platform with its standard
  // limits; what would publish stops with CONFIG_NO_CHANNELS (see selectChannels).
  const timeouts = resolveTimeouts(data.timeouts);
  const channelTimeouts: Record<string, Timeouts> = {};
  const channels: Channel[] = Object.entries(data.channels ?? {}).map(([name, entry]) => {
    // `timeouts:` is the run's business, not the platform's: it is kept apart from the settings.
    const { platform, timeouts: own, ...settings } = entry as { platform: PlatformId; timeouts?: TimeoutSeconds } & Record<string, unknown>;
    if (own) channelTimeouts[name] = resolveTimeouts(own, timeouts);
    return { name, platform, settings };
  });
  problems.push(...fillMediaHost(channels, data.media, file));
  if (problems.length > 0) return { problems };
  return {
    problems,
    config: {
      file,
      defaults: {
        lang: data.defaults.lang,
        requireApproval: data.defaults.require_approval,
        ...(data.defaults.allowed_signers ? { allowedSigners: path.resolve(dir, data.defaults.allowed_signers) } : {}),
        ...(data.defaults.unsigned_approvals !== undefined ? { unsignedApprovals: data.defaults.unsigned_approvals } : {}),
      },
      stateDir: path.resolve(dir, data.state ?? ".announce"),
      channels,
      ...(data.allow_hosts ? { allowHosts: data.allow_hosts } : {}),
      timeouts,
      ...(Object.keys(channelTimeouts).length > 0 ? { channelTimeouts } : {}),
    },
  };
}

/**
 * One media host: channels that fetch images from a public URL (Instagram, Threads) get `media_dir` and
 * `media_base_url` from the config's `media:`, else from the first enabled website channel's media folder,
 * unless they set their own. A channel that needs them for every post and has none is a config problem.
 */
function fillMediaHost(channels: Channel[], media: MediaHostSettings | undefined, file: string): Problem[] {
  const problems: Problem[] = [];
  const fromSite = channels
    .filter((c) => c.settings.enabled !== false)
    .map((c) => platformById(c.platform).mediaHost?.(c.settings))
    .find((host) => host !== undefined);
  const host = media ?? fromSite;
  for (const channel of channels) {
    const platform = platformById(channel.platform);
    if (!platform.needsMediaHost) continue;
    const own = channel.settings.media_dir !== undefined || channel.settings.media_base_url !== undefined;
    if (!own && host) channel.settings = { ...channel.settings, media_dir: host.dir, media_base_url: host.base_url };
    if (channel.settings.media_dir === undefined || channel.settings.media_base_url === undefined) {
      if (platform.needsMediaHost === "always" && channel.settings.enabled !== false) {
        problems.push(problem("MEDIA_HOST_MISSING", { channel: channel.name, platform: platform.name }, { location: { file, key: "media" }, channel: channel.name }));
      }
    }
  }
  return problems;
}

export async function loadConfig(file: string, env: Env): Promise<Config> {
  const { config, problems } = await readConfig(file, env);
  if (!config) throw new InvalidInputError(problems);
  return config;
}

/**
 * The secrets of a channel, read from the environment. Problems name the missing variable; `missing` lists
 * the variables that are not set (or the key, when its value is not a `${VAR}` reference).
 */
export function resolveSecrets(channel: Channel, env: Env, configFile?: string, options: { validate?: boolean } = {}): { secrets: Record<string, string>; problems: Problem[]; missing: string[] } {
  const platform = platformById(channel.platform);
  const secrets: Record<string, string> = {};
  const problems: Problem[] = [];
  const missing: string[] = [];
  for (const key of platform.secretKeys) {
    // Optional secrets (LinkedIn's client_secret) may be absent; required ones are enforced by the schema.
    if (channel.settings[key] === undefined) continue;
    const ref = String(channel.settings[key]);
    const name = /^\$\{(.+)\}$/.exec(ref)?.[1];
    const value = name ? env[name] : undefined;
    if (!name || value === undefined || value === "") {
      missing.push(name ?? `${channel.name}.${key}`);
      problems.push(problem("CONFIG_ENV_MISSING", { of: "secret", name, channel: channel.name, key, ...(options.validate ? { validate: true } : {}) }, { location: { file: configFile, key: `channels.${channel.name}.${key}` }, channel: channel.name }));
    } else if ([...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) {
      // A token with a line break (a secret stored with `echo`) is invalid input, not a network failure:
      // no HTTP header can carry it, and retrying would not help.
      problems.push(problem("CONFIG_SECRET_INVALID", { name, channel: channel.name, key }, { location: { file: configFile, key: `channels.${channel.name}.${key}` }, channel: channel.name }));
    } else {
      secrets[key] = value;
    }
  }
  return { secrets, problems, missing };
}

function substitute(value: unknown, keyPath: PropertyKey[], fill: (value: string, keyPath: PropertyKey[]) => string): unknown {
  if (typeof value === "string") return fill(value, keyPath);
  if (Array.isArray(value)) return value.map((v, i) => substitute(v, [...keyPath, i], fill));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, [...keyPath, k], fill)]));
  }
  return value;
}

function describeConfigIssue(raw: unknown): (issue: $ZodIssue, key: string, input: unknown) => Omit<Problem, "location"> {
  return (issue, key, input) => {
    if (issue.code === "unrecognized_keys") {
      return explain("CONFIG_UNKNOWN_KEY", { key, suggestion: closest(issue.keys[0]!, knownKeys(raw, issue.path)) });
    }
    // Any secret key (access_token, app_password, client_secret, …): its value failed the reference pattern.
    if (issue.code === "invalid_format" && issue.format === "regex" && issue.pattern === SECRET_REF.toString()) {
      return explain("CONFIG_SECRET_LITERAL", { key });
    }
    return explain("CONFIG_INVALID_VALUE", { key, reason: valueReason(issue, input), platforms: platformIds });
  };
}

/** The keys the config format knows at a path: a channel's (by its platform), `timeouts:`, `defaults:`, or the top level. */
function knownKeys(raw: unknown, path: readonly PropertyKey[]): string[] {
  if (path[0] === "channels" && path.length === 2) {
    const platform = valueAt(raw, [...path, "platform"]);
    return typeof platform === "string" && isPlatformId(platform) ? ["platform", ...Object.keys(platformById(platform).settings.shape), ...Object.keys(channelKeys)] : [];
  }
  if (path.at(-1) === "timeouts") return Object.keys(timeoutsSettings.shape);
  const schema = buildConfigSchema();
  if (path[0] === "defaults") return Object.keys(schema.shape.defaults.unwrap().shape);
  return path.length === 0 ? Object.keys(schema.shape) : [];
}
