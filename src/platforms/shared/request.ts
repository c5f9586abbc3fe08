/**
 * What every platform's requests share at run time: the request timeout and the signal that carries it,
 * waiting on a promise that takes no signal, awaiting independent reads in a fixed order of failures, and
 * the creation times a search for an interrupted attempt's post may accept. The platforms take these from
 * here, not from the contract (../platform.ts), whose types name the registry: so no value import of a
 * platform climbs back up to it.
 */

/** How long one request may take when the run does not say (`timeouts.request` in the config). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** A request's signal: the caller's (the run, a deadline) and the request's own timeout. */
export function requestSignal(signal: AbortSignal | undefined, timeoutMs: number): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}

/** Rejects with the signal's reason when it aborts first; the promise itself keeps running to its end. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/**
 * Awaits independent requests at once (a connect's account, token and quota reads), but fails like the
 * sequence would: with the first rejection in the given order, so a bad token always says the same thing.
 */
export async function allInOrder<T extends readonly unknown[]>(promises: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(promises);
  const failed = settled.find((s) => s.status === "rejected");
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/** Clock difference allowed between this machine and a platform when comparing creation times. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** Whether a post created at `created` may come from an attempt that began at `since`; unknown times may. */
export function madeSince(created: string | Date | undefined, since: Date): boolean {
  const time = created instanceof Date ? created.getTime() : Date.parse(created ?? "");
  return Number.isNaN(time) || time >= since.getTime() - CLOCK_SKEW_MS;
}

/** A response body read as JSON, or undefined when it is not JSON (an error page, a proxy's answer). */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
