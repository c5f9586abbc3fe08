/**
 * Symbolic links inside the state folder are never followed: a ledger, audit log or folder linked to a
 * place outside is refused (STATE_SYMLINK, exit 2) and the place outside stays untouched; an existing
 * sessions/ folder that others may read or write is tightened.
 */
import { chmodSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../../src/problems.js";
import { audit, auditFile } from "../../src/state/audit.js";
import { appendJsonLine, readJsonLines } from "../../src/state/jsonl.js";
import { Ledger } from "../../src/state/ledger.js";
import { ensureStateDir } from "../../src/state/state-dir.js";
import { channels, mastodonChannel } from "../helpers/channels.js";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";
import * as z from "zod";

const codesOf = (error: unknown) => (error instanceof InvalidInputError ? error.problems.map((p) => p.code) : error);

describe("links in the state folder", () => {
  it("a ledger file linked elsewhere is neither appended to nor read", async () => {
    const stateDir = tempDir();
    const outside = path.join(tempDir(), "outside.jsonl");
    writeFileSync(outside, "");
    mkdirSync(path.join(stateDir, "ledger"), { recursive: true });
    symlinkSync(outside, path.join(stateDir, "ledger", "bombe.jsonl"));
    const file = path.join(stateDir, "ledger", "bombe.jsonl");
    expect(codesOf(await appendJsonLine(file, { v: 1 }).catch((e: unknown) => e))).toEqual(["STATE_SYMLINK"]);
    expect(codesOf(await readJsonLines(file, z.object({ v: z.literal(1) })).catch((e: unknown) => e))).toEqual(["STATE_SYMLINK"]);
    expect(codesOf(await new Ledger(stateDir).records("bombe").catch((e: unknown) => e))).toEqual(["STATE_SYMLINK"]);
    expect(readFileSync(outside, "utf8")).toBe("");
  });

  it("an audit log linked elsewhere is refused", async () => {
    const stateDir = tempDir();
    const outside = path.join(tempDir(), "audit.jsonl");
    writeFileSync(outside, "");
    symlinkSync(outside, auditFile(stateDir));
    expect(codesOf(await audit(stateDir, [{ actor: "a", action: "pause", outcome: "paused" }]).catch((e: unknown) => e))).toEqual(["STATE_SYMLINK"]);
    expect(readFileSync(outside, "utf8")).toBe("");
  });

  it.each(["ledger", "approvals", "sessions", "locks", "claims"])("a linked %s/ folder is refused before anything is written", async (name) => {
    const stateDir = tempDir();
    const outside = tempDir();
    symlinkSync(outside, path.join(stateDir, name));
    const error = await ensureStateDir(stateDir).catch((e: unknown) => e);
    expect(codesOf(error)).toEqual(["STATE_SYMLINK"]);
    expect((error as InvalidInputError).problems[0]!.message).toContain(path.join(stateDir, name));
  });

  it("a sessions/ folder others may read or write is tightened to its owner", async () => {
    const stateDir = tempDir();
    mkdirSync(path.join(stateDir, "sessions"));
    chmodSync(path.join(stateDir, "sessions"), 0o777);
    await ensureStateDir(stateDir);
    expect(statSync(path.join(stateDir, "sessions")).mode & 0o777).toBe(0o700);
  });

  it("announce pause with a linked audit log: exit 2, STATE_SYMLINK, the file outside untouched", async () => {
    const dir = tempDir();
    const config = path.join(dir, "channels.yaml");
    writeFileSync(config, channels({ m: mastodonChannel({ instance: "https://social.example", access_token: "${M_TOKEN}" }) }));
    const stateDir = path.join(dir, ".announce");
    mkdirSync(stateDir);
    const outside = path.join(tempDir(), "elsewhere.jsonl");
    writeFileSync(outside, "");
    symlinkSync(outside, path.join(stateDir, "audit.jsonl"));
    const result = await runCli(["pause", "--reason", "Trauertag", "--config", config, "--json"]);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout).problems.map((p: { code: string }) => p.code)).toEqual(["STATE_SYMLINK"]);
    expect(readFileSync(outside, "utf8")).toBe("");
  });
});
