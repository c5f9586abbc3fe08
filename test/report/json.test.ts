/** The one JSON shape of a problem, as every command's --json output has it. */
import { describe, expect, it } from "vitest";
import { PublishError } from "../../src/problems.js";
import type { ChannelCheck } from "../../src/publish/check.js";
import type { StatusReport } from "../../src/publish/status.js";
import { checkJson } from "../../src/report/check.js";
import { failureJson, problemJson } from "../../src/report/problems.js";
import { statusJson } from "../../src/report/publish.js";

describe("problemJson", () => {
  it("flattens the location and leaves out what is not known", () => {
    const json = problemJson({ code: "NOTICE_IMAGE_ALT_MISSING", message: "The image has no alt text.", hint: "Describe it.", channel: "m", location: { file: "n.md", line: 9, column: 3, key: "images.0.alt" } });
    expect(JSON.parse(JSON.stringify(json))).toEqual({ code: "NOTICE_IMAGE_ALT_MISSING", message: "The image has no alt text.", hint: "Describe it.", channel: "m", file: "n.md", line: 9, column: 3, key: "images.0.alt" });
    expect(JSON.parse(JSON.stringify(problemJson({ code: "A", message: "b" })))).toEqual({ code: "A", message: "b" });
  });

  it("has a platform failure's status and message, and nothing else an object carries", () => {
    const failure = new PublishError({ kind: "permanent", code: "AUTH_INVALID", message: "Rejected (401).", status: 401, platformMessage: "invalid token" });
    expect(problemJson(failure.toProblem())).toEqual({ code: "AUTH_INVALID", message: "Rejected (401).", status: 401, platformMessage: "invalid token" });
    const ledgerFailure = { code: "SERVER_ERROR", message: "Down (503).", at: "2026-12-05T08:00:00.000Z", kind: "transient" };
    expect(Object.keys(JSON.parse(JSON.stringify(problemJson(ledgerFailure))))).toEqual(["code", "message"]);
  });

  it("failureJson: the document of a command stopped by problems", () => {
    expect(failureJson([{ code: "A", message: "b" }])).toEqual({ version: 1, ok: false, problems: [problemJson({ code: "A", message: "b" })] });
  });
});

describe("channel errors are problems", () => {
  it("status: the error as a problem, the time of the failure beside it", () => {
    const report: StatusReport = {
      notice: { id: "n", title: "T", file: "n.md", content: "sha256:0" },
      channels: [{ channel: "m", platform: "mastodon", status: "failed", posts: [], changed: false, version: 1, versions: [], error: { code: "SERVER_ERROR", message: "Down (503).", at: "2026-12-05T08:00:00.000Z" } }],
      recorded: true,
      typed: "n.md",
    };
    const channel = (JSON.parse(JSON.stringify(statusJson(report))) as { channels: Record<string, unknown>[] }).channels[0];
    expect(channel).toEqual({ channel: "m", platform: "mastodon", status: "failed", posts: [], changed: false, version: 1, versions: [], error: { code: "SERVER_ERROR", message: "Down (503)." }, failedAt: "2026-12-05T08:00:00.000Z" });
  });

  it("check: the error as a problem", () => {
    const checks: ChannelCheck[] = [{ channel: "m", platform: "mastodon", ok: false, warnings: [], error: { code: "AUTH_INVALID", message: "Rejected (401).", hint: "New token." } }];
    expect(JSON.parse(JSON.stringify(checkJson(checks)))).toEqual({ version: 1, ok: false, channels: [{ channel: "m", platform: "mastodon", ok: false, warnings: [], error: { code: "AUTH_INVALID", message: "Rejected (401).", hint: "New token." } }] });
  });
});
