/**
 * Expected failures are data: a stable code, a sentence, and what to do next.
 * Bugs are not AnnounceErrors and keep their stack traces.
 */

/** Where a problem is: a file, optionally a line/column (YAML) and a front-matter or config key. */
export interface Location {
  file?: string;
  line?: number;
  column?: number;
  /** Dotted key path, e.g. `images.0.alt` or `channels.stadt-mastodon.instance`. */
  key?: string;
}

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
}

/** An expected failure with a code, a sentence and a hint. */
export class AnnounceError extends Error {
  readonly code: string;
  readonly hint?: string;
  readonly location?: Location;
  readonly channel?: string;

  constructor(problem: Problem, options?: { cause?: unknown }) {
    super(problem.message, options);
    this.name = "AnnounceError";
    this.code = problem.code;
    this.hint = problem.hint;
    this.location = problem.location;
    this.channel = problem.channel;
  }

  toProblem(): Problem {
    return { code: this.code, message: this.message, hint: this.hint, location: this.location, channel: this.channel };
  }
}

/** Several problems found at once (validation collects all before failing). */
export class InvalidInputError extends Error {
  readonly problems: Problem[];

  constructor(problems: Problem[]) {
    super(problems.length === 1 ? problems[0]!.message : `${problems.length} problems found`);
    this.name = "InvalidInputError";
    this.problems = problems;
  }
}

/**
 * A classified platform failure. A platform module throws it; the pipeline reads `kind`:
 * - `transient`: safe to retry after a pause (429, 5xx, timeouts before anything was sent);
 * - `unknown`: the request may have been carried out (connection dropped after sending): reconcile first;
 * - `permanent`: retrying cannot help (bad token, missing permission, invalid media).
 */
export type FailureKind = "transient" | "unknown" | "permanent";

export interface PublishErrorInit {
  kind: FailureKind;
  /** Stable code, e.g. AUTH_INVALID, RATE_LIMITED, SERVER_ERROR, NETWORK, MEDIA_REJECTED. */
  code: string;
  /** A sentence saying what went wrong. */
  message: string;
  hint?: string;
  /** HTTP status, when there was a response. */
  status?: number;
  /** The platform's own error message, as it sent it. */
  platformMessage?: string;
  /** How long the platform asks us to wait (Retry-After, X-RateLimit-Reset, BUC usage). */
  retryAfterMs?: number;
}

export class PublishError extends Error {
  readonly kind: FailureKind;
  readonly code: string;
  readonly hint?: string;
  readonly status?: number;
  readonly platformMessage?: string;
  readonly retryAfterMs?: number;

  constructor(init: PublishErrorInit, options?: { cause?: unknown }) {
    super(init.message, options);
    this.name = "PublishError";
    this.kind = init.kind;
    this.code = init.code;
    this.hint = init.hint;
    this.status = init.status;
    this.platformMessage = init.platformMessage;
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** Exit codes of the CLI, documented in the README and `--help`. */
export const ExitCode = {
  Ok: 0,
  /** Publishing failed on at least one channel. */
  PublishFailed: 1,
  /** Invalid input, config or usage: nothing was published. */
  InvalidInput: 2,
} as const;
