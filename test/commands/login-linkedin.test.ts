/**
 * `announce login` for LinkedIn against the LinkedIn fake: the three-legged flow with the redirect to
 * localhost, driven as a browser would (open the address, follow LinkedIn's redirect back), the code
 * exchanged with the documented form, the organizations the member administers listed, the token kept in
 * .env and working.
 */
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addLinkedInLogin } from "../fakes/linkedin-login.js";
import { LinkedInFake } from "../fakes/linkedin.js";
import { channels, linkedinChannel } from "../helpers/channels.js";
import { runCli } from "../helpers/cli.js";
import { createProject, type TestProject } from "../helpers/project.js";

const TOKEN = "linkedin-member-token-5e7a";
const SECRET = "linkedin-client-secret-c01d";
const fake = new LinkedInFake({ token: TOKEN, organization: "urn:li:organization:123" });
addLinkedInLogin(fake, { clientId: "86abc123", clientSecret: SECRET, token: TOKEN, organizations: ["urn:li:organization:123", "urn:li:organization:456"] });
let project: TestProject;

/** A port nobody listens on now. */
const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

beforeAll(async () => {
  await fake.start();
  project = await createProject(channels({ "stadt-linkedin": linkedinChannel({ organization: "urn:li:organization:123", access_token: "${LINKEDIN_TOKEN}", api_url: fake.url, oauth_url: `${fake.url}/oauth/v2` }) }));
});
afterAll(() => fake.stop());

describe("announce login for LinkedIn (LinkedIn fake)", () => {
  it("waits on localhost for the browser, exchanges the code, lists the organizations and keeps the token", async () => {
    const port = await freePort();
    let browser: Promise<number> | undefined;
    const run = await runCli(["login", "stadt-linkedin", "--app-id", "86abc123", "--port", String(port), "--config", project.config, "--json"], {
      cwd: project.dir,
      env: { LINKEDIN_CLIENT_SECRET: SECRET },
      onSpawn: (child) => {
        let seen = "";
        child.stderr!.on("data", (chunk: Buffer) => {
          seen += chunk.toString();
          const address = /(http:\/\/127\.0\.0\.1:\d+\/oauth\/v2\/authorization\?\S+)/.exec(seen)?.[1];
          if (!address || !seen.includes("Waiting for the browser") || browser) return;
          // The browser: LinkedIn's consent page answers with a redirect to localhost, which it follows.
          browser = (async () => {
            const consent = await fetch(address, { redirect: "manual" });
            const back = new URL(consent.headers.get("location")!);
            expect(back.origin).toBe(`http://localhost:${port}`);
            return (await fetch(`http://127.0.0.1:${port}${back.pathname}${back.search}`)).status;
          })();
        });
      },
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(await browser).toBe(200);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ channel: "stadt-linkedin", variable: "LINKEDIN_TOKEN", expiresAt: expect.any(String), notes: expect.arrayContaining([expect.stringContaining("urn:li:organization:456")]) });
    expect(readFileSync(path.join(project.dir, ".env"), "utf8")).toContain(`LINKEDIN_TOKEN='${TOKEN}'`);

    const [authorization] = fake.requests.filter((r) => r.path === "/oauth/v2/authorization");
    expect(Object.fromEntries(authorization!.query)).toMatchObject({ response_type: "code", client_id: "86abc123", redirect_uri: `http://localhost:${port}/callback`, scope: "w_organization_social r_organization_admin" });
    const [exchange] = fake.requests.filter((r) => r.path === "/oauth/v2/accessToken");
    expect(Object.fromEntries(new URLSearchParams(exchange!.body.toString()))).toMatchObject({ grant_type: "authorization_code", client_id: "86abc123", client_secret: SECRET, redirect_uri: `http://localhost:${port}/callback` });
    expect(run.stdout + run.stderr).not.toContain(TOKEN);
    expect(run.stdout + run.stderr).not.toContain(SECRET);
  });

  it("a code that LinkedIn does not know: LOGIN_FAILED with LinkedIn's words, nothing written", async () => {
    const before = existsSync(path.join(project.dir, ".env")) ? readFileSync(path.join(project.dir, ".env"), "utf8") : "";
    const run = await runCli(["login", "stadt-linkedin", "--app-id", "86abc123", "--code", "AQnotissued", "--config", project.config, "--json"], { cwd: project.dir, env: { LINKEDIN_CLIENT_SECRET: SECRET } });
    expect(run.code).toBe(2);
    const problem = JSON.parse(run.stdout).problems[0];
    expect(problem.code).toBe("LOGIN_FAILED");
    expect(problem.message).toContain("authorization code not found");
    expect(readFileSync(path.join(project.dir, ".env"), "utf8")).toBe(before);
  });
});
