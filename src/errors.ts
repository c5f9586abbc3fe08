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

/** Exit codes of the CLI, documented in the README and `--help`. */
export const ExitCode = {
  Ok: 0,
  /** Publishing failed on at least one channel. */
  PublishFailed: 1,
  /** Invalid input, config or usage: nothing was published. */
  InvalidInput: 2,
} as const;
