// A local Bluesky PDS with its own in-memory PLC directory, without @atproto/dev-env.
// Dependencies: @atproto/pds, @did-plc/server, @atproto/crypto.
//
//   node --require ./listen-localhost.cjs pds-server.mjs
//
// Prints one JSON line {"pdsUrl","plcUrl","dir","startMs","uptimeMs"} on stdout when ready. Stops (and
// removes its temp folder) on SIGTERM/SIGINT, and with --exit-with-stdin also when stdin closes: the
// test runner keeps a pipe open on stdin, so the server goes away even when the runner dies without a
// chance to clean up.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import * as pds from "@atproto/pds";
import * as plc from "@did-plc/server";
import { Secp256k1Keypair } from "@atproto/crypto";
import { freePort } from "./free-port.mjs";

/**
 * @param {{ pdsPort?: number, plcPort?: number, dir?: string }} [options]
 */
export async function startPds({ pdsPort, plcPort, dir } = {}) {
  plcPort ??= await freePort();
  pdsPort ??= await freePort();
  dir ??= await fs.mkdtemp(path.join(os.tmpdir(), "announce-pds-"));
  const folder = dir;
  /** @type {plc.PlcServer | undefined} */
  let plcServer;
  /** @type {pds.PDS | undefined} */
  let server;
  const close = async () => {
    await server?.destroy();
    await plcServer?.destroy();
    await fs.rm(folder, { recursive: true, force: true });
  };
  try {
    plcServer = plc.PlcServer.create({ db: plc.Database.mock(), port: plcPort });
    await plcServer.start();
    const plcUrl = `http://localhost:${plcPort}`;
    const rotationKey = await Secp256k1Keypair.create({ exportable: true });
    const env = {
      devMode: true, // allows http:// and the hostname localhost
      hostname: "localhost",
      port: pdsPort,
      dataDirectory: dir, // SQLite files (accounts, sequencer, DID cache, one store per repo)
      blobstoreDiskLocation: path.join(dir, "blobs"),
      didPlcUrl: plcUrl,
      serviceHandleDomains: [".test"], // handles like alice.test
      inviteRequired: false,
      jwtSecret: "jwt-secret",
      adminPassword: "admin-pass",
      plcRotationKeyK256PrivateKeyHex: Buffer.from(await rotationKey.export()).toString("hex"),
      // No AppView: app.bsky.* reads (timelines, getPostThread) answer 502; read with com.atproto.repo.*.
      bskyAppViewUrl: "https://appview.invalid",
      bskyAppViewDid: "did:example:invalid",
      disableSsrfProtection: true,
    };
    server = await pds.PDS.create(pds.envToCfg(env), pds.envToSecrets(env));
    await server.start();
    return { pdsUrl: `http://localhost:${pdsPort}`, plcUrl, dir, close };
  } catch (error) {
    await close().catch(() => {});
    throw error;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const t0 = performance.now();
  /** @type {Awaited<ReturnType<typeof startPds>> | undefined} */
  let server;
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    if (!server) return; // still starting: the code after startPds() sees `stopping` and closes
    // Never hang on shutdown: the folder is temporary anyway.
    setTimeout(() => process.exit(0), 3000).unref();
    await server.close().catch((error) => console.error("pds-server: close failed:", error));
    process.exit(0);
  };
  // Handlers go in before startup, so that a stop request during startup still removes the folder.
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  if (process.argv.includes("--exit-with-stdin")) {
    process.stdin.on("end", stop);
    process.stdin.on("error", stop);
    process.stdin.resume();
  }

  try {
    server = await startPds();
  } catch (error) {
    console.error("pds-server: could not start:", error);
    process.exit(1);
  }
  if (stopping) {
    stopping = false;
    await stop();
  }
  console.log(
    JSON.stringify({
      pdsUrl: server.pdsUrl,
      plcUrl: server.plcUrl,
      dir: server.dir,
      startMs: Math.round(performance.now() - t0),
      uptimeMs: Math.round(process.uptime() * 1000),
    }),
  );
}
