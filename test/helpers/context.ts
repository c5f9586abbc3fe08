/** A PublishContext for calling a publisher directly, as the pipeline makes one (test/platforms). */
import type { PublishContext } from "../../src/platforms/platform.js";

/**
 * The context of one attempt. Its `checkpoint` keeps the steps in `progress` the way the pipeline's ledger
 * does, so a test can hand the same context to a second attempt, as a re-run would.
 */
export function publishContext(fields: Omit<PublishContext, "checkpoint" | "progress"> & { progress?: Record<string, string> }): PublishContext {
  const ctx: PublishContext = {
    ...fields,
    async checkpoint(step) {
      ctx.progress = { ...ctx.progress, ...step };
    },
  };
  return ctx;
}
