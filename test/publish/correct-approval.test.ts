/**
 * `announce correct` passes the same approval gate as `post`: on a channel that requires approval, the
 * corrected text goes out only once someone approved that text. The approval of the first version does
 * not carry over to the edit. What arrives is checked on the Graph fake (Facebook edits its post in place).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GraphFake } from "../fakes/graph.js";
import { type StaticServer } from "../fakes/static-server.js";
import { runCli } from "../helpers/cli.js";
import { createFakesProject, type TestProject } from "../helpers/project.js";

const env = { FB: "fb-token-corr-approval" };
const graph = new GraphFake({ pageId: "1234", pageToken: env.FB, igUserId: "1784", igToken: "unused-ig-token" });
let media: StaticServer;
let project: TestProject;

beforeAll(async () => {
  await graph.start();
  ({ project, media } = await createFakesProject({ facebook: graph.url }, { fb: { require_approval: true } }));
  // Approvals by name (without a signature) count in this project.
  writeFileSync(project.config, readFileSync(project.config, "utf8").replace("defaults:\n", "defaults:\n  unsigned_approvals: true\n"));
});
afterAll(async () => {
  await Promise.all([graph.stop(), media?.stop()]);
});

const run = (...args: string[]) => runCli([...args, "--config", project.config, "--json"], { env, timeoutMs: 120_000 });

describe("announce correct on a channel that requires approval", () => {
  it("refuses an edit nobody approved (nothing sent), and corrects once the edit is approved", async () => {
    const tag = "korrfreigabe";
    const text = (time: string) => `Meldung ${tag}: Die Sperrung der Kampstraße endet um ${time} Uhr.`;
    const file = project.writeNotice(tag, { title: "Sperrung Kampstraße" }, text("16"));
    expect((await run("post", file)).code, "not approved yet").toBe(2);
    expect((await run("approve", file, "--by", "A. Schmidt")).code).toBe(0);
    const posted = await run("post", file);
    expect(posted.code, posted.stdout + posted.stderr).toBe(0);
    const [post] = graph.livePosts().filter((p) => p.message?.includes(tag));
    expect(post!.message).toContain("16 Uhr");

    project.writeNotice(tag, { title: "Sperrung Kampstraße" }, text("18"));
    const requests = graph.requests.length;
    const refused = await run("correct", file);
    expect(refused.code, refused.stdout + refused.stderr).toBe(2);
    expect(JSON.parse(refused.stdout).problems.map((p: { code: string }) => p.code)).toEqual(["NOTICE_NOT_APPROVED"]);
    expect(graph.requests.length, "nothing sent to the platform").toBe(requests);
    expect(graph.livePosts().find((p) => p.id === post!.id)!.edits ?? []).toHaveLength(0);

    expect((await run("approve", file, "--by", "A. Schmidt")).code).toBe(0);
    const corrected = await run("correct", file);
    expect(corrected.code, corrected.stdout + corrected.stderr).toBe(0);
    expect(JSON.parse(corrected.stdout).channels).toMatchObject([{ channel: "fb", status: "corrected", how: "edit" }]);
    const after = graph.livePosts().filter((p) => p.message?.includes(tag));
    expect(after.map((p) => p.id)).toEqual([post!.id]);
    expect(after[0]!.message).toContain("18 Uhr");
    expect(after[0]!.edits).toHaveLength(1);
  });
});
