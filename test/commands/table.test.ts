/**
 * The command table, in-process: every command file is registered, shared options are declared once,
 * every command prints the same JSON for an input problem, and bugs end a run with their stack (exit 70).
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { defineCommand, type AnyCommand } from "../../src/commands/command.js";
import { deleteCommand } from "../../src/commands/delete.js";
import { dueCommand } from "../../src/commands/due.js";
import { commands } from "../../src/commands/index.js";
import { channelOption, globalOptions } from "../../src/commands/options.js";
import { postCommand } from "../../src/commands/post.js";
import { ExitCode, InvalidInputError } from "../../src/problems.js";
import { main, type ProgramIo } from "../../src/program.js";
import type { DueReport } from "../../src/publish/due.js";
import type { ChannelReport, PublishReport } from "../../src/publish/results.js";
import type { DeleteReport } from "../../src/publish/remove.js";
import { createStyle } from "../../src/report/style.js";
import { projectRoot } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

/** A run of the program in this process, its output captured. */
async function run(argv: string[], options: { cwd?: string; env?: Record<string, string>; table?: readonly AnyCommand[] } = {}) {
  let stdout = "";
  let stderr = "";
  const io: ProgramIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: () => ({ write: (text: string) => (stderr += text) }),
    env: options.env ?? {},
    cwd: options.cwd ?? tempDir(),
  };
  const code = await main(argv, io, options.table);
  return { code, stdout, stderr };
}

const notice = path.join(projectRoot, "test/fixtures/notices/ratsbeschluss.md");
/** Each command with arguments that pass commander, to be stopped by the missing config. */
const invocations: Record<string, string[]> = {
  preview: ["preview", notice],
  validate: ["validate", notice],
  post: ["post", notice],
  status: ["status", notice],
  delete: ["delete", notice],
  correct: ["correct", notice],
  adopt: ["adopt", notice, "--since", "2026-11-29T06:00+01:00"],
  check: ["check"],
  due: ["due", "."],
  approve: ["approve", notice, "--by", "A. Schmidt"],
  pause: ["pause", "--reason", "Trauertag"],
  resume: ["resume"],
  log: ["log"],
  init: ["init"],
  login: ["login", "stadt"],
};
/** Commands that read no config (init writes one): left out of the tests of a missing config. */
const noConfig = new Set(["init"]);

describe("the command table", () => {
  it("registers every command file of src/commands, each once, in the documented order", async () => {
    const dir = path.join(projectRoot, "src/commands");
    const defined: AnyCommand[] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
      const module = (await import(path.join(dir, file))) as Record<string, unknown>;
      for (const value of Object.values(module)) {
        if (value && typeof value === "object" && "run" in value && "present" in value && "name" in value) defined.push(value as AnyCommand);
      }
    }
    expect(defined.length).toBe(commands.length);
    for (const definition of defined) expect(commands).toContain(definition);
    expect(commands.map((c) => c.name)).toEqual(Object.keys(invocations));
  });

  it("declares each shared option once: --channel is one object, the global options are no command's own", () => {
    const byFlags = new Map<string, Set<unknown>>();
    for (const command of commands) {
      for (const option of command.options ?? []) byFlags.set(option.flags, (byFlags.get(option.flags) ?? new Set()).add(option));
    }
    for (const [flags, specs] of byFlags) expect(specs.size, flags).toBe(1);
    expect([...byFlags.get(channelOption.flags)!]).toEqual([channelOption]);
    expect(commands.filter((c) => c.options?.includes(channelOption)).map((c) => c.name)).toEqual(["preview", "post", "delete", "correct", "adopt", "check"]);
    const global = globalOptions.flatMap((o) => o.flags.match(/--[a-z-]+/g)!);
    expect(global).toEqual(["--config", "--state", "--actor", "--json", "--no-color", "--lang"]);
    for (const flags of byFlags.keys()) for (const name of global) expect(flags.split(/[ ,]+/)).not.toContain(name);
  });

  it("takes the global options before or after the command", async () => {
    const cwd = tempDir();
    const before = await run(["--config", "elsewhere.yaml", "--json", "status", notice], { cwd });
    const after = await run(["status", notice, "--config", "elsewhere.yaml", "--json"], { cwd });
    expect(JSON.parse(before.stdout).problems[0].file).toBe(path.join(cwd, "elsewhere.yaml"));
    expect(after).toEqual(before);
  });
});

describe("one error object in every command's --json output", () => {
  it("is the same document for the same input problem (a missing config), exit 2", async () => {
    const cwd = tempDir();
    const documents: Record<string, unknown> = {};
    for (const [name, argv] of Object.entries(invocations)) {
      if (name === "validate") continue; // validate reports the config beside each notice (below)
      if (noConfig.has(name)) continue;
      const result = await run([...argv, "--json"], { cwd });
      expect(result.code, name).toBe(ExitCode.InvalidInput);
      expect(result.stderr, name).toBe("");
      documents[name] = JSON.parse(result.stdout);
    }
    const expected = {
      version: 1,
      ok: false,
      problems: [{ code: "CONFIG_NOT_FOUND", message: `There is no config file ${path.join(cwd, "channels.yaml")}.`, hint: expect.stringContaining("--config"), file: path.join(cwd, "channels.yaml") }],
    };
    for (const [name, document] of Object.entries(documents)) expect(document, name).toEqual(expected);

    const validation = JSON.parse((await run([...invocations.validate!, "--json"], { cwd })).stdout);
    expect(validation.config.problems).toEqual(expected.problems);
  });

  it("renders a thrown PublishError's status and platform message in the same object", async () => {
    const { PublishError } = await import("../../src/problems.js");
    const failing = defineCommand({
      name: "fail",
      description: "fails",
      run: async () => {
        throw new PublishError({ kind: "permanent", code: "AUTH_INVALID", message: "Mastodon rejected the access token (401).", hint: "Create a new token.", status: 401, platformMessage: "The access token is invalid", channel: "m" });
      },
      present: async () => ({ json: {}, human: "", exitCode: ExitCode.Ok }),
    });
    const result = await run(["fail", "--json"], { table: [failing] });
    expect(result.code).toBe(ExitCode.PublishFailed);
    expect(JSON.parse(result.stdout)).toEqual({
      version: 1,
      ok: false,
      problems: [{ code: "AUTH_INVALID", message: "Mastodon rejected the access token (401).", hint: "Create a new token.", channel: "m", status: 401, platformMessage: "The access token is invalid" }],
    });
  });
});

describe("input problems say what was not done only where something would have been done", () => {
  it("post and due: 'Nothing was published.'; delete: 'Nothing was deleted.'; the others: nothing", async () => {
    const cwd = tempDir();
    const said: Record<string, string> = {};
    for (const [name, argv] of Object.entries(invocations)) {
      if (noConfig.has(name)) continue;
      const result = await run(argv, { cwd });
      expect(result.code, name).toBe(ExitCode.InvalidInput);
      expect(result.stdout, name).toContain("CONFIG_NOT_FOUND");
      said[name] = result.stderr.trim();
    }
    expect(said).toEqual({
      preview: "",
      validate: "",
      post: "Nothing was published.",
      status: "",
      delete: "Nothing was deleted.",
      correct: "Nothing was corrected.",
      adopt: "Nothing was recorded.",
      check: "",
      due: "Nothing was published.",
      approve: "",
      pause: "",
      resume: "",
      log: "",
      login: "",
    });
  });

  it("a failure of the run (not invalid input) says nothing of the kind and exits 1", async () => {
    const { AnnounceError } = await import("../../src/problems.js");
    const locked = defineCommand({
      name: "locked",
      description: "finds the notice locked",
      nothingDone: "Nothing was published.",
      run: async () => {
        throw new AnnounceError({ code: "NOTICE_LOCKED", message: "Another run is publishing this notice.", hint: "Wait for it." });
      },
      present: async () => ({ json: {}, human: "", exitCode: ExitCode.Ok }),
    });
    const result = await run(["locked"], { table: [locked] });
    expect(result).toMatchObject({ code: ExitCode.PublishFailed, stderr: "" });
    expect(result.stdout).toContain("NOTICE_LOCKED");
    expect((await run(["locked", "--json"], { table: [locked] })).stdout).toContain('"ok": false');
  });
});

describe("bugs", () => {
  const secret = "SECRET-table-test-4f1e";

  it("a command that throws something other than an AnnounceError exits 70 with the stack, redacted by the run's redactor", async () => {
    const buggy = defineCommand({
      name: "buggy",
      description: "has a bug",
      run: async (_args: [], _options: unknown, ctx) => {
        ctx.redactor.add(secret);
        const value = undefined as unknown as { length: number };
        throw new TypeError(`cannot read length with ${secret}: ${value?.length}`);
      },
      present: async () => ({ json: {}, human: "", exitCode: ExitCode.Ok }),
    });
    const result = await run(["buggy"], { table: [buggy] });
    expect(result.code).toBe(ExitCode.Internal);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^announce: internal error: TypeError: cannot read length with \*\*\*/);
    expect(result.stderr).toMatch(/\n\s+at .*table\.test\.ts/);
    expect(result.stderr).toContain("Please report this");
    expect(result.stderr).not.toContain(secret);
    // The next run has its own redactor: the secret of the run before is not in it.
    const other = defineCommand({ name: "echo", description: "prints", run: async () => secret, present: async (text: string) => ({ json: { text }, human: text, exitCode: ExitCode.Ok }) });
    expect((await run(["echo"], { table: [other] })).stdout).toBe(`${secret}\n`);
  });

  it("a bug a result carries: the report is printed first, then each stack, exit 70", async () => {
    const bug = new RangeError("index out of range in the renderer");
    const reporting = defineCommand({
      name: "report",
      description: "a report with a bug in one channel",
      run: async () => "the report",
      present: async (text: string) => ({ json: { text }, human: text, exitCode: ExitCode.Ok, bugs: [{ where: "channel m", error: bug }] }),
    });
    const human = await run(["report"], { table: [reporting] });
    expect(human.code).toBe(ExitCode.Internal);
    expect(human.stdout).toBe("the report\n");
    expect(human.stderr).toContain("announce: internal error in channel m: RangeError: index out of range in the renderer\n    at ");
    expect(human.stderr).toContain("Please report this");
    const json = await run(["report", "--json"], { table: [reporting] });
    expect(json.code).toBe(ExitCode.Internal);
    expect(JSON.parse(json.stdout)).toEqual({ text: "the report" });
  });

  it("usage errors exit 2 and --help 0, as the exit code table says", async () => {
    expect((await run(["post"])).code).toBe(ExitCode.InvalidInput);
    expect((await run(["pause"])).stderr).toContain("required option '--reason <text>' not specified");
    const help = await run(["--help"]);
    expect(help.code).toBe(ExitCode.Ok);
    expect(help.stdout).toMatch(/70 {2}internal error/);
  });

  it("a thrown value that is not an Error is a bug too, and nothing escapes main", async () => {
    const throwing = defineCommand({
      name: "throws",
      description: "throws a string",
      run: async () => {
        throw "not an Error";
      },
      present: async () => ({ json: {}, human: "", exitCode: ExitCode.Ok }),
    });
    const result = await run(["throws"], { table: [throwing] });
    expect(result).toMatchObject({ code: ExitCode.Internal, stderr: "announce: internal error: not an Error\nPlease report this with the command you ran.\n" });
  });

  it("keeps invalid input made the usual way (new InvalidInputError) an exit 2", async () => {
    const invalid = defineCommand({
      name: "invalid",
      description: "invalid input",
      run: async () => {
        throw new InvalidInputError([{ code: "A", message: "first" }, { code: "B", message: "second", location: { file: "x.md", line: 3, key: "title" } }]);
      },
      present: async () => ({ json: {}, human: "", exitCode: ExitCode.Ok }),
    });
    const result = await run(["invalid", "--json"], { table: [invalid] });
    expect(result.code).toBe(ExitCode.InvalidInput);
    expect(JSON.parse(result.stdout).problems).toEqual([
      { code: "A", message: "first" },
      { code: "B", message: "second", file: "x.md", line: 3, key: "title" },
    ]);
  });
});

describe("post, delete and due find the bugs in their reports", () => {
  const view = { style: createStyle(false), cwd: "/" };
  const bug = new TypeError("x is undefined");
  const channel = (name: string, extra: Partial<ChannelReport> = {}): ChannelReport => ({ channel: name, platform: "mastodon", status: "published", posts: [{ index: 0, id: "1", url: "https://m.example/1" }], warnings: [], ...extra });
  const internal = { status: "failed" as const, posts: [], error: { code: "INTERNAL_ERROR", message: "Mastodon: internal error: x is undefined", hint: "This is a bug in announce." }, bug };
  const report = (channels: ChannelReport[]): PublishReport => ({ notice: { id: "n1", title: "Meldung", urgent: false, file: "n1.md", content: "sha256:0" }, dryRun: false, channels, plan: undefined as never });

  it("post: the channel's report is printed as failed (no bug in the JSON), and the bug is returned with its channel", async () => {
    const shown = await postCommand.present(report([channel("a"), channel("b", internal)]), view, {});
    expect(shown.exitCode).toBe(ExitCode.PublishFailed);
    expect(shown.bugs).toEqual([{ where: "channel b", error: bug }]);
    expect(shown.human).toContain("INTERNAL_ERROR");
    const json = shown.json as { ok: boolean; channels: Record<string, unknown>[] };
    expect(json.ok).toBe(false);
    expect(json.channels[1]).toEqual({ channel: "b", platform: "mastodon", status: "failed", posts: [], warnings: [], error: { code: "INTERNAL_ERROR", message: "Mastodon: internal error: x is undefined", hint: "This is a bug in announce." } });
    expect(JSON.stringify(json)).not.toContain('"bug"');
    expect((await postCommand.present(report([channel("a")]), view, {})).bugs).toEqual([]);
  });

  it("delete: the same, and its JSON channels carry no bug either", async () => {
    const deleted: DeleteReport = { notice: { id: "n1", title: "Meldung" } as DeleteReport["notice"], channels: [{ ...channel("a"), status: "deleted" }, { ...channel("b", internal), status: "failed" }] };
    const shown = await deleteCommand.present(deleted, view, {});
    expect(shown.exitCode).toBe(ExitCode.PublishFailed);
    expect(shown.bugs).toEqual([{ where: "channel b", error: bug }]);
    expect(JSON.stringify(shown.json)).not.toContain('"bug"');
  });

  it("due: a bug inside a notice's report, or one that stopped a notice outside its channels, named with its notice", async () => {
    const outside = new ReferenceError("claim is not defined");
    const due: DueReport = {
      version: 1,
      scanned: 3,
      alreadyPublished: 0,
      scheduled: 0,
      drafts: 0,
      notices: [
        { file: "n1.md", id: "n1", title: "Meldung", urgent: false, status: "failed", report: report([channel("a", internal)]) },
        { file: "n2.md", id: "n2", title: "Andere", urgent: false, status: "published", report: report([channel("a")]) },
        { file: "n3.md", id: "n3", title: "Dritte", urgent: false, status: "failed", problems: [{ code: "INTERNAL_ERROR", message: "Publishing n3 stopped at an internal error." }], bug: outside },
      ],
    };
    const shown = await dueCommand.present(due, view, {});
    expect(shown.exitCode).toBe(ExitCode.PublishFailed);
    expect(shown.bugs).toEqual([
      { where: "notice n1, channel a", error: bug },
      { where: "notice n3", error: outside },
    ]);
    expect((shown.json as { notices: Record<string, unknown>[] }).notices[2]).toEqual({ file: "n3.md", id: "n3", title: "Dritte", urgent: false, status: "failed", problems: [{ code: "INTERNAL_ERROR", message: "Publishing n3 stopped at an internal error." }] });
    expect(JSON.stringify(shown.json)).not.toContain('"bug"');
  });
});
