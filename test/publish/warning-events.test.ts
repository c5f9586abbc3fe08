/**
 * Warnings a platform tells while publishing (PublishContext.warn) travel as `warning` events and end up in
 * the channel's report, next to the connection's own notes. In process, against the real PDS.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { publishNotice } from "../../src/publish/pipeline.js";
import type { PublishEvent } from "../../src/publish/results.js";
import { startStaticServer, type StaticServer } from "../fakes/static-server.js";
import { channels } from "../helpers/channels.js";
import { createProject, LOCAL_HOSTS, type TestProject } from "../helpers/project.js";
import { realAccounts, type RealAccounts } from "../helpers/real-servers.js";
import { readBlueskyPosts } from "../setup/accounts.js";

const pds = inject("pds");
let real: RealAccounts;
let project: TestProject;
let site: StaticServer;

beforeAll(async () => {
  real = await realAccounts({ pds, blueskyAccount: "warnings" });
  project = await createProject(channels({ b: real.bluesky() }, { defaults: { lang: "de" }, allow_hosts: LOCAL_HOSTS }));
  // Serves the project folder, which has no page "meldung": the link card cannot be built.
  site = await startStaticServer(project.dir);
});

afterAll(async () => {
  await site.stop();
});

describe("warnings told while publishing", () => {
  it("become warning events and lines of the channel's report; the post goes out without a card", async () => {
    const link = `${site.url}/meldung`;
    const notice = project.writeNotice("karte", { title: "Ohne Karte", link }, "Die Seite zur Meldung fehlt noch.");
    const events: PublishEvent[] = [];
    const report = await publishNotice({ notice, config: project.config, env: real.env, onEvent: (event) => events.push(event) });

    const warning = `No link card for ${link}: the page answered HTTP 404; the post links to it in its text.`;
    expect(events.filter((e) => e.type === "warning")).toEqual([{ type: "warning", channel: "b", message: warning }]);
    // Told before the channel was done, and in its report.
    expect(events.findIndex((e) => e.type === "warning")).toBeLessThan(events.findIndex((e) => e.type === "channel-done"));
    expect(report.channels).toMatchObject([{ channel: "b", status: "published", warnings: [warning] }]);
    expect(site.requests.map((r) => [r.path, r.status])).toEqual([["/meldung", 404]]);

    const [post] = await readBlueskyPosts(pds.url, real.account.did);
    expect(post?.uri).toBe(report.channels[0]!.posts[0]!.id);
    expect(post?.value.text).toContain(link.replace(/^https?:\/\//, ""));
    expect(post?.value.embed).toBeUndefined();
  });
});
