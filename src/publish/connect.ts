/** Connecting to the channels of a run: secrets resolved, clients made, credentials and live limits read. */
import path from "node:path";
import { resolveSecrets, type Env } from "../config/config.js";
import { InvalidInputError, type Problem } from "../problems.js";
import { platformById } from "../platforms/index.js";
import type { Channel, Connection, Publisher } from "../platforms/platform.js";
import { asPublishError } from "../platforms/shared/failure.js";
import type { Redactor } from "../redact.js";
import { defaultRetryPolicy, withRetries } from "../retry.js";
import type { Loaded } from "./load.js";
import { errorJson, internalErrorJson, isClassified, type ChannelReport, type PublishEvent } from "./results.js";
import { expiryWarning, tokenExpiry } from "./token-expiry.js";

/** A channel with its publishing code and an open connection. */
export interface Connected {
  channel: Channel;
  publisher: Publisher;
  connection: Connection;
  /** Tells of a warning on this channel: a `warning` event, and a line of {@link Connected.warnings}. */
  warn: (message: string) => void;
  /** The channel's warnings for its report: the connection's notes, then each warning as it is told. */
  warnings: string[];
}

/**
 * Resolves secrets and connects to channels. Before publishing, a permanent failure (a bad token) is an
 * input problem: nothing is published. `delete` passes `permanentIsInput: false`: a retraction must reach
 * every channel it can, so one channel's bad token fails only that channel. A channel that cannot be
 * reached, whose publishing code cannot be loaded, or whose code has a bug fails alone (`unreachable`);
 * a bug's report carries the error in `bug`.
 */
export async function connectChannels(
  channels: Channel[],
  loaded: Loaded,
  env: Env,
  redactor: Redactor,
  signal: AbortSignal,
  onEvent?: (event: PublishEvent) => void,
  options: { permanentIsInput: boolean } = { permanentIsInput: true },
): Promise<{ connected: Connected[]; unreachable: ChannelReport[] }> {
  const problems: Problem[] = [];
  const withSecrets = channels.map((channel) => {
    const { secrets, problems: missing } = resolveSecrets(channel, env, loaded.config.file);
    problems.push(...missing);
    for (const value of Object.values(secrets)) redactor.add(value);
    return { channel, secrets };
  });
  if (problems.length > 0) throw new InvalidInputError(problems);

  const unreachable: ChannelReport[] = [];
  const connected: Connected[] = [];
  await Promise.all(
    withSecrets.map(async ({ channel, secrets }) => {
      const platform = platformById(channel.platform);
      onEvent?.({ type: "connecting", channel: channel.name });
      const warnings: string[] = [];
      const warn = (message: string) => {
        warnings.push(message);
        onEvent?.({ type: "warning", channel: channel.name, message });
      };
      const failed: ChannelReport = { channel: channel.name, platform: channel.platform, status: "failed", posts: [], warnings };
      try {
        // Inside the try: a platform whose code cannot be loaded fails its channels, not the run.
        const publisher = await platform.publisher();
        const connection = await withRetries(defaultRetryPolicy, signal, () =>
          publisher.connect({ channel, secrets, stateDir: loaded.stateDir, configDir: path.dirname(loaded.config.file), allowHosts: loaded.config.allowHosts, signal, warn }),
        );
        const expiring = expiryWarning(tokenExpiry(connection, channel), channel.name);
        warnings.unshift(...connection.warnings, ...(expiring ? [expiring] : []));
        onEvent?.({ type: "connected", channel: channel.name, account: connection.account });
        connected.push({ channel, publisher, connection, warn, warnings });
      } catch (error) {
        if (!isClassified(error)) {
          unreachable.push({ ...failed, error: internalErrorJson(error, platform.name, redactor), bug: error });
          return;
        }
        const failure = asPublishError(error, platform.name);
        if (failure.kind === "permanent" && options.permanentIsInput) {
          problems.push({ code: failure.code, message: `${channel.name}: ${redactor.redact(failure.message)}`, hint: failure.hint, channel: channel.name });
        } else {
          // An outage must not hold back a warning on the other channels: this one fails, the rest go out.
          unreachable.push({ ...failed, error: errorJson(failure, redactor) });
        }
      }
    }),
  );
  if (problems.length > 0) throw new InvalidInputError(problems);
  connected.sort((a, b) => channels.indexOf(a.channel) - channels.indexOf(b.channel));
  return { connected, unreachable };
}
