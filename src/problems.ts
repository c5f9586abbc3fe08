/**
 * Expected failures are data: a stable code, a sentence, and what to do next. One shape, {@link Problem},
 * for every one of them (invalid input, a run that failed, a platform's answer), and one error class,
 * {@link AnnounceError}, that carries them. Bugs are not AnnounceErrors and keep their stack traces.
 */

/** Where a problem is: a file, optionally a line/column (YAML) and a front-matter or config key. */
export interface Location {
  file?: string;
  line?: number;
  column?: number;
  /** Dotted key path, e.g. `images.0.alt` or `channels.stadt-mastodon.instance`. */
  key?: string;
}

/** One expected failure: what is wrong, where, and what to do about it. */
export interface Problem {
  /** Stable machine-readable code, e.g. `NOTICE_IMAGE_ALT_MISSING`. */
  code: string;
  /** One sentence saying what is wrong. */
  message: string;
  /** What to do about it. */
  hint?: string;
  location?: Location;
  /** The channel this problem concerns, when it concerns one. */
  channel?: string;
  /** A platform's failure: the HTTP status, when there was a response. */
  status?: number;
  /** A platform's failure: the platform's own error message, as it sent it. */
  platformMessage?: string;
}

/** Exit codes of the CLI, documented in the README and `--help`. */
export const ExitCode = {
  Ok: 0,
  /** The run failed: publishing or deleting failed on a channel, a notice changed, a lock is held. */
  PublishFailed: 1,
  /** Invalid input, config or usage: nothing was published. */
  InvalidInput: 2,
  /** A bug (an error that is not an expected failure): reported with its stack. */
  Internal: 70,
} as const;

/** One of the {@link ExitCode} values. */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * An expected failure: one or more {@link Problem}s, and whether they are invalid input (nothing was done;
 * exit 2) or a failure of the run (exit 1). Validation collects every problem before it throws one.
 */
export class AnnounceError extends Error {
  /** What went wrong; at least one problem for every error made outside tests. */
  readonly problems: Problem[];
  /** Invalid input, config or usage: nothing was done. Otherwise the run itself failed. */
  readonly invalidInput: boolean;

  constructor(problems: Problem | Problem[], options?: { cause?: unknown; invalidInput?: boolean }) {
    const list = Array.isArray(problems) ? problems : [problems];
    super(list.length === 1 ? list[0]!.message : `${list.length} problems found`, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AnnounceError";
    this.problems = list;
    this.invalidInput = options?.invalidInput ?? false;
  }

  /** The first problem's code (most errors carry exactly one problem). */
  get code(): string {
    return this.problems[0]?.code ?? "INVALID_INPUT";
  }

  get hint(): string | undefined {
    return this.problems[0]?.hint;
  }

  get location(): Location | undefined {
    return this.problems[0]?.location;
  }

  get channel(): string | undefined {
    return this.problems[0]?.channel;
  }

  /** The exit code this error ends the CLI with. */
  get exitCode(): ExitCode {
    return this.invalidInput ? ExitCode.InvalidInput : ExitCode.PublishFailed;
  }

  /** The first problem, for a caller that reports one problem per error. */
  toProblem(): Problem {
    return this.problems[0] ?? { code: this.code, message: this.message };
  }
}

/**
 * Invalid input: an {@link AnnounceError} with `invalidInput` set, made the usual way,
 * `throw new InvalidInputError(problems)`. It adds nothing but that flag, and `instanceof InvalidInputError`
 * asks for that flag, so that an AnnounceError made with `invalidInput: true` is recognised alike.
 */
export class InvalidInputError extends AnnounceError {
  constructor(problems: Problem[], options?: { cause?: unknown }) {
    super(problems, { ...options, invalidInput: true });
    this.name = "InvalidInputError";
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return value instanceof AnnounceError && value.invalidInput;
  }
}

/**
 * A classified platform failure. A platform module throws it; the pipeline reads `kind`:
 * - `transient`: safe to retry after a pause (429, 5xx, timeouts before anything was sent);
 * - `unknown`: the request may have been carried out (connection dropped after sending): reconcile first;
 * - `permanent`: retrying cannot help (bad token, missing permission, invalid media).
 */
export type FailureKind = "transient" | "unknown" | "permanent";

/** A platform failure: its problem (code, sentence, hint, HTTP status, platform message) and how to act on it. */
export interface PublishErrorInit extends Problem {
  kind: FailureKind;
  /** How long the platform asks us to wait (Retry-After, X-RateLimit-Reset, BUC usage). */
  retryAfterMs?: number;
  /**
   * Asking again in this run cannot tell more (a read-back that reached its bound): the channel fails
   * at once, whatever the kind, and a re-run takes it up. Default: retried by kind.
   */
  final?: boolean;
}

/** A classified platform failure: an {@link AnnounceError} (a failure of the run, never invalid input) with its kind. */
export class PublishError extends AnnounceError {
  readonly kind: FailureKind;
  readonly retryAfterMs?: number;
  /** Not to be asked again in this run (see {@link PublishErrorInit.final}). */
  readonly final: boolean;

  constructor(init: PublishErrorInit, options?: { cause?: unknown }) {
    const { kind, retryAfterMs, final, ...problem } = init;
    super(problem, options);
    this.name = "PublishError";
    this.kind = kind;
    this.retryAfterMs = retryAfterMs;
    this.final = final ?? false;
  }

  /** HTTP status, when there was a response. */
  get status(): number | undefined {
    return this.problems[0]?.status;
  }

  /** The platform's own error message, as it sent it. */
  get platformMessage(): string | undefined {
    return this.problems[0]?.platformMessage;
  }
}
