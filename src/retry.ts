import { setTimeout as delay } from "node:timers/promises";
import { amend } from "./messages.js";
import { PublishError } from "./problems.js";

/**
 * Retry policy as data. Transient failures (429, 5xx, timeouts, refused connections) are retried with
 * bounded exponential backoff and full jitter; a wait the platform asks for (Retry-After,
 * X-RateLimit-Reset, Business-Use-Case usage) is honoured unless it is longer than `maxWaitMs`, in which
 * case the channel fails with the platform's reason and a re-run later finishes the work.
 */
export interface RetryPolicy {
  /** Attempts per request, including the first. */
  attempts: number;
  baseMs: number;
  maxBackoffMs: number;
  /** The longest wait a platform may ask for before we give up on this run. */
  maxWaitMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { attempts: 5, baseMs: 1000, maxBackoffMs: 30_000, maxWaitMs: 5 * 60_000 };

/** The pause before attempt `attempt + 1` (attempt counts from 1). */
export function backoffMs(policy: RetryPolicy, attempt: number, requestedMs?: number, random = Math.random): number {
  if (requestedMs !== undefined) return requestedMs + Math.floor(random() * 250);
  const ceiling = Math.min(policy.maxBackoffMs, policy.baseMs * 2 ** (attempt - 1));
  return Math.floor(ceiling / 2 + random() * (ceiling / 2));
}

/** Waits, unless the signal aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return delay(ms, undefined, { signal });
}

/**
 * The failure to report when a platform asks for a longer wait than the policy accepts: its own reason,
 * plus how long it asked for and when a re-run makes sense.
 */
export function waitTooLong(failure: PublishError, waitMs: number, policy: RetryPolicy, now = Date.now()): PublishError {
  return new PublishError(
    {
      kind: failure.kind,
      code: failure.code,
      status: failure.status,
      platformMessage: failure.platformMessage,
      retryAfterMs: failure.retryAfterMs,
      ...amend("waitTooLong", { message: failure.message, waitMs, maxWaitMs: policy.maxWaitMs, until: new Date(now + waitMs) }),
    },
    { cause: failure },
  );
}

/** Told before each wait of {@link withRetries}: the failure, the attempt that comes next (from 2) and the wait. */
export type OnRetry = (retry: { failure: PublishError; next: number; attempts: number; waitMs: number }) => void;

/** Retries an idempotent request (connect, find, delete) on transient failures. */
export async function withRetries<T>(policy: RetryPolicy, signal: AbortSignal, fn: () => Promise<T>, onRetry?: OnRetry): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (!(error instanceof PublishError) || error.kind === "permanent" || error.final || attempt >= policy.attempts) throw error;
      const waitMs = backoffMs(policy, attempt, error.retryAfterMs);
      if (waitMs > policy.maxWaitMs) throw waitTooLong(error, waitMs, policy);
      onRetry?.({ failure: error, next: attempt + 1, attempts: policy.attempts, waitMs });
      await sleep(waitMs, signal);
    }
  }
}
