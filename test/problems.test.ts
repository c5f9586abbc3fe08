/** The error model: one class of expected failures, carrying problems, with the exit code they mean. */
import { describe, expect, it } from "vitest";
import { AnnounceError, ExitCode, InvalidInputError, PublishError } from "../src/problems.js";

describe("AnnounceError", () => {
  it("is a failure of the run (exit 1) unless made as invalid input (exit 2)", () => {
    const locked = new AnnounceError({ code: "NOTICE_LOCKED", message: "Another run holds the lock.", hint: "Wait." });
    expect(locked).toMatchObject({ invalidInput: false, exitCode: ExitCode.PublishFailed, code: "NOTICE_LOCKED", message: "Another run holds the lock.", hint: "Wait." });
    expect(locked.problems).toEqual([{ code: "NOTICE_LOCKED", message: "Another run holds the lock.", hint: "Wait." }]);
    const invalid = new AnnounceError([{ code: "A", message: "one" }, { code: "B", message: "two" }], { invalidInput: true });
    expect(invalid).toMatchObject({ invalidInput: true, exitCode: ExitCode.InvalidInput, message: "2 problems found", code: "A" });
  });

  it("InvalidInputError is the usual way to make an invalid-input AnnounceError", () => {
    const error = new InvalidInputError([{ code: "CONFIG_NOT_FOUND", message: "There is no config file.", location: { file: "channels.yaml" } }]);
    expect(error).toBeInstanceOf(AnnounceError);
    expect(error).toMatchObject({ invalidInput: true, exitCode: ExitCode.InvalidInput, message: "There is no config file.", location: { file: "channels.yaml" } });
    // Recognised by its flag, however it was made.
    expect(new AnnounceError({ code: "A", message: "b" }, { invalidInput: true })).toBeInstanceOf(InvalidInputError);
    expect(new AnnounceError({ code: "A", message: "b" })).not.toBeInstanceOf(InvalidInputError);
    expect(new PublishError({ kind: "permanent", code: "A", message: "b" })).not.toBeInstanceOf(InvalidInputError);
  });

  it("PublishError is an AnnounceError whose problem holds the HTTP status and the platform's message", () => {
    const cause = new Error("socket hang up");
    const error = new PublishError({ kind: "transient", code: "RATE_LIMITED", message: "Bluesky is rate limiting (429).", status: 429, platformMessage: "Rate Limit Exceeded", retryAfterMs: 1000 }, { cause });
    expect(error).toBeInstanceOf(AnnounceError);
    expect(error).toMatchObject({ kind: "transient", retryAfterMs: 1000, status: 429, platformMessage: "Rate Limit Exceeded", invalidInput: false, exitCode: ExitCode.PublishFailed, cause });
    expect(error.problems).toEqual([{ code: "RATE_LIMITED", message: "Bluesky is rate limiting (429).", status: 429, platformMessage: "Rate Limit Exceeded" }]);
    expect(error.toProblem()).toBe(error.problems[0]);
  });

  it("keeps the stack of where it was made, and no cause unless given", () => {
    const error = new AnnounceError({ code: "X", message: "y" });
    expect(error.stack).toContain("problems.test.ts");
    expect("cause" in error).toBe(false);
  });
});
