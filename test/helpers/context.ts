/** A PublishContext for calling a publisher directly, as the pipeline makes one (test/platforms). */
import type { PublishContext } from "../../src/platforms/platform.js";

/**
 * The context of one attempt. Its `checkpoint` keeps the steps in `progress` the way the pipeline's ledger
 * does, so a test can hand the same context to a second attempt, as a re-run would; what the publisher
 * `warn`s is kept in `warnings`, as the pipeline adds it to the channel's report.
 */
export function publishContext(fields: Omit<PublishContext, "checkpoint" | "progress" | "warn"> & { progress?: Record<string, string> }): PublishContext & { warnings: string[] } {
  const ctx: PublishContext & { warnings: string[] } = {
    ...fields,
    warnings: [],
    async checkpoint(step) {
      ctx.progress = { ...ctx.progress, ...step };
    },
    warn(message) {
      ctx.warnings.push(message);
    },
  };
  return ctx;
}
