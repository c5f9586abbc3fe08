/** Connecting to the channels of a run: secrets resolved, clients made, credentials and live limits read. */
import path from "node:path";
import { resolveSecrets, timeoutsFor, type Env, type Timeouts } from "../config/config.js";
import { explain } from "../messages.js";
import { InvalidInputError, PublishError, type Problem } from "../problems.js";
import { platformById } from "../platforms/index.js";
import type { Channel, Connection, Publisher } from "../platforms/platform.js";
import { asPublishError } from "../platforms/shared/failure.js";
import { untilAborted } from "../platforms/shared/request.js";
import type { Redactor } from "../redact.js";
import { defaultRetryPolicy, withRetries, type RetryPolicy } from "../retry.js";
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
 * How connecting to one channel ended: connected; failed for this run (unreachable by its deadline, an
 * outage, its code could not be loaded, a bug: `report.bug`); or its credentials were rejected (a
 * permanent failure: the platform answered, and said no).
 */
export type ConnectOutcome =
  | { kind: "connected"; connected: Connected }
  | { kind: "failed"; report: ChannelReport }
  | { kind: "rejected"; report: ChannelReport; problem: Problem };

export interface ConnectOptions {
  /** Timeouts for every channel of the run, instead of each channel's from the config ({@link timeoutsFor}). */
  timeouts?: Timeouts;
  /** Whether the notice is urgent: its channels get the shorter connect deadline. */
  urgent?: boolean;
  /** Retries within the deadline; default {@link defaultRetryPolicy}. */
  retry?: RetryPolicy;
}

/**
 * Resolves every channel's secrets (a missing one is an input problem: thrown before anything connects),
 * then starts connecting to each channel at once. Each promise settles by the channel's connect deadline
 * at the latest (`timeouts.connect`, or `urgent_connect` for urgent notices, the channel's own where it sets
 * them; retries included) and never
 * rejects: a channel that has not answered by then is `failed` with UNREACHABLE, and its requests are
 * aborted. The run's `signal` aborts them all.
 */
export function startConnecting(
  channels: Channel[],
  loaded: Loaded,
  env: Env,
  redactor: Redactor,
  signal: AbortSignal,
  onEvent: ((event: PublishEvent) => void) | undefined,
  options: ConnectOptions = {},
): Map<string, Promise<ConnectOutcome>> {
  const problems: Problem[] = [];
  const withSecrets = channels.map((channel) => {
    const { secrets, problems: missing } = resolveSecrets(channel, env, loaded.config.file);
    problems.push(...missing);
    for (const value of Object.values(secrets)) redactor.add(value);
    return { channel, secrets };
  });
  if (problems.length > 0) throw new InvalidInputError(problems);
  const retry = options.retry ?? defaultRetryPolicy;
  return new Map(
    withSecrets.map(({ channel, secrets }) => {
      const timeouts = options.timeouts ?? timeoutsFor(loaded.config, channel.name);
      const deadlineMs = options.urgent ? timeouts.urgentConnectMs : timeouts.connectMs;
      return [channel.name, connectOne(channel, secrets, { loaded, redactor, signal, onEvent, deadlineMs, requestTimeoutMs: timeouts.requestMs, retry })];
    }),
  );
}

async function connectOne(
  channel: Channel,
  secrets: Record<string, string>,
  o: { loaded: Loaded; redactor: Redactor; signal: AbortSignal; onEvent?: (event: PublishEvent) => void; deadlineMs: number; requestTimeoutMs: number; retry: RetryPolicy },
): Promise<ConnectOutcome> {
  const platform = platformById(channel.platform);
  o.onEvent?.({ type: "connecting", channel: channel.name });
  const warnings: string[] = [];
  const warn = (message: string) => {
    warnings.push(message);
    o.onEvent?.({ type: "warning", channel: channel.name, message });
  };
  const failed: ChannelReport = { channel: channel.name, platform: channel.platform, status: "failed", posts: [], warnings };
  let last: PublishError | undefined;
  let deadline: AbortSignal | undefined;
  try {
    // Inside the try: a platform whose code cannot be loaded fails its channels, not the run. Loading is
    // not the channel's slowness: its deadline starts once the code is there.
    const publisher = await platform.publisher();
    deadline = AbortSignal.timeout(o.deadlineMs);
    const connectSignal = AbortSignal.any([o.signal, deadline]);
    const connecting = withRetries(
      o.retry,
      connectSignal,
      () => publisher.connect({ channel, secrets, stateDir: o.loaded.stateDir, configDir: path.dirname(o.loaded.config.file), allowHosts: o.loaded.config.allowHosts, signal: connectSignal, requestTimeoutMs: o.requestTimeoutMs, warn }),
      ({ failure, next, attempts, waitMs }) => {
        last = failure;
        o.onEvent?.({ type: "connect-retry", channel: channel.name, attempt: next, attempts, waitMs, reason: failure.code });
      },
    );
    // The deadline holds also for code that does not watch the signal: the late answer is ignored.
    const connection = await untilAborted(connecting, connectSignal);
    const expiring = expiryWarning(tokenExpiry(connection, channel), channel.name);
    warnings.unshift(...connection.warnings, ...(expiring ? [expiring] : []));
    o.onEvent?.({ type: "connected", channel: channel.name, account: connection.account });
    return { kind: "connected", connected: { channel, publisher, connection, warn, warnings } };
  } catch (error) {
    if (deadline?.aborted && !o.signal.aborted) {
      // No answer by the deadline: this channel fails for this run, the others go ahead.
      const reason = last ? reasonOf(last, o.redactor) : undefined;
      const unreachable = new PublishError({ kind: "transient", ...explain("UNREACHABLE", { channel: channel.name, platform: platform.name, deadlineMs: o.deadlineMs, reason }) }, { cause: error });
      return { kind: "failed", report: { ...failed, error: errorJson(unreachable, o.redactor) } };
    }
    if (!isClassified(error)) return { kind: "failed", report: { ...failed, error: internalErrorJson(error, platform.name, o.redactor), bug: error } };
    const failure = asPublishError(error, platform.name);
    const report: ChannelReport = { ...failed, error: errorJson(failure, o.redactor) };
    if (failure.kind !== "permanent") return { kind: "failed", report };
    const problem: Problem = { code: failure.code, message: `${channel.name}: ${o.redactor.redact(failure.message)}`, hint: failure.hint, channel: channel.name };
    return { kind: "rejected", report: { ...report, rejected: true }, problem };
  }
}

/** A failure in a few words for the UNREACHABLE sentence: the platform's status or the network's reason. */
function reasonOf(failure: PublishError, redactor: Redactor): string {
  const message = redactor.redact(failure.message).replace(/\.$/, "");
  return failure.status !== undefined ? `${failure.code} ${failure.status}` : message;
}

/**
 * Resolves secrets and connects to channels, and waits for all of them (each within its deadline). Before
 * publishing, a rejected credential is an input problem: nothing is published (thrown with every rejected
 * channel's problem). `delete` passes `permanentIsInput: false`: a retraction must reach every channel it
 * can, so one channel's bad token fails only that channel. A channel that cannot be reached by its
 * deadline, whose publishing code cannot be loaded, or whose code has a bug fails alone (`unreachable`);
 * a bug's report carries the error in `bug`.
 */
export async function connectChannels(
  channels: Channel[],
  loaded: Loaded,
  env: Env,
  redactor: Redactor,
  signal: AbortSignal,
  onEvent?: (event: PublishEvent) => void,
  options: { permanentIsInput: boolean } & ConnectOptions = { permanentIsInput: true },
): Promise<{ connected: Connected[]; unreachable: ChannelReport[] }> {
  const outcomes = await Promise.all(startConnecting(channels, loaded, env, redactor, signal, onEvent, options).values());
  const rejected = outcomes.flatMap((o) => (o.kind === "rejected" ? [o.problem] : []));
  if (rejected.length > 0 && options.permanentIsInput) throw new InvalidInputError(rejected);
  return {
    connected: outcomes.flatMap((o) => (o.kind === "connected" ? [o.connected] : [])),
    unreachable: outcomes.flatMap((o) => (o.kind === "connected" ? [] : [o.report])),
  };
}
