import { PublishError } from "../../problems.js";
import { sleep } from "../../retry.js";
import { networkFailure } from "./failure.js";

/** How to wait for work a platform does after answering (media processing): pauses from `firstMs`, doubling up to `maxMs`, for `totalMs` at most. */
export interface Polling {
  firstMs: number;
  maxMs: number;
  totalMs: number;
}

/**
 * Calls `step` until it returns a value, with doubling pauses in between. When the next pause would end
 * after `totalMs`, it throws `timedOut()` instead (a transient failure: a re-run asks again). An abort
 * while pausing is the platform's network failure, like an abort during a request.
 */
export async function poll<T>(label: string, step: () => Promise<T | undefined>, polling: Polling, signal: AbortSignal, timedOut: (waitedMs: number) => PublishError): Promise<T> {
  const started = Date.now();
  for (let wait = polling.firstMs; ; wait = Math.min(wait * 2, polling.maxMs)) {
    const value = await step();
    if (value !== undefined) return value;
    if (Date.now() - started + wait > polling.totalMs) throw timedOut(Date.now() - started);
    try {
      await sleep(wait, signal);
    } catch (error) {
      throw networkFailure(label, error);
    }
  }
}
