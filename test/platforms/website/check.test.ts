// `announce check` on a website channel: base_url must serve what dir holds. Three static servers: one
// serving the folder itself, one an older copy of it, one nothing.
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkChannels } from "../../../src/publish/check.js";
import { publishNotice } from "../../../src/publish/pipeline.js";
import { startStaticServer, type StaticServer } from "../../fakes/static-server.js";
import { channels, websiteChannel } from "../../helpers/channels.js";
import { createProject, type TestProject } from "../../helpers/project.js";

let project: TestProject;
let live: StaticServer;
let stale: StaticServer;
let empty: StaticServer;
const lock = { waitMs: 5000, staleMs: 2000 };

const configure = (baseUrl: string) => writeFileSync(project.config, channels({ web: websiteChannel({ dir: "./site", base_url: baseUrl }) }, { defaults: { lang: "de" } }));
const check = () => checkChannels({ config: project.config, env: {} });
const publish = (id: string) => publishNotice({ notice: project.writeNotice(id, { title: `Meldung ${id}` }, `Text der Meldung ${id}.`), config: project.config, env: {}, lock });

beforeAll(async () => {
  project = await createProject(channels({}));
  mkdirSync(path.join(project.dir, "site"));
  mkdirSync(path.join(project.dir, "old-copy"));
  mkdirSync(path.join(project.dir, "nothing"));
  const serve = (dir: string) => startStaticServer(path.join(project.dir, dir));
  [live, stale, empty] = await Promise.all([serve("site"), serve("old-copy"), serve("nothing")]);
});
afterAll(async () => {
  await Promise.all([live, stale, empty].map((server) => server?.stop()));
});

describe("announce check on the website", () => {
  it("is fine when base_url serves the folder, and warns when it serves an older copy or nothing", async () => {
    configure(`${live.url}/`);
    // Nothing published yet: nothing to compare.
    expect(await check()).toEqual([expect.objectContaining({ channel: "web", ok: true, warnings: [] })]);
    await publish("erste");
    cpSync(path.join(project.dir, "site"), path.join(project.dir, "old-copy"), { recursive: true });
    await publish("zweite");

    expect(await check()).toEqual([expect.objectContaining({ channel: "web", ok: true, account: `${live.url}/`, warnings: [] })]);
    expect(live.requests.at(-1)).toMatchObject({ method: "GET", path: "/index.html", status: 200 });

    configure(`${stale.url}/`);
    const [older] = await check();
    expect(older!.warnings).toEqual([expect.stringContaining(`${stale.url}/index.html is not the index page in ${path.join(project.dir, "site")}`)]);

    configure(`${empty.url}/`);
    const [none] = await check();
    expect(none!.warnings).toEqual([expect.stringContaining(`${empty.url}/index.html cannot be read (HTTP 404)`)]);
    // A warning, not a failure: what is written reaches readers with the next deploy.
    expect(none!.ok).toBe(true);
  });
});
