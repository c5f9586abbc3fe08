// The floor of `announce post` for bench/post.mjs: the requests a post of one notice with one image to
// Mastodon and Bluesky needs, made with plain `fetch` in one bare Node process, both channels at once.
// Mastodon: the account (the token's check), the instance's limits (v2, then v1 as snac2 has no v2), the
// image, the status. Bluesky: a session (fresh state: a login), the image blob, the record.
//
//   node bench/post-floor.mjs '{"mastodon":URL,"token":T,"pds":URL,"handle":H,"password":P,"image":PATH}'
import { readFileSync } from "node:fs";

const { mastodon, token, pds, handle, password, image } = JSON.parse(process.argv[2]);
const bytes = readFileSync(image);
const ok = async (response) => {
  if (!response.ok) throw new Error(`${response.url}: ${response.status} ${await response.text()}`);
  return response.json();
};
const text = `Messung ${Date.now()}: eine kurze Meldung mit einem Bild.`;

async function toMastodon() {
  const auth = { authorization: `Bearer ${token}` };
  await ok(await fetch(`${mastodon}/api/v1/accounts/verify_credentials`, { headers: auth }));
  const v2 = await fetch(`${mastodon}/api/v2/instance`);
  if (!v2.ok) await ok(await fetch(`${mastodon}/api/v1/instance`));
  else await v2.arrayBuffer();
  const form = new FormData();
  form.set("file", new Blob([bytes], { type: "image/png" }), "bild.png");
  form.set("description", "Ein Bild für die Messung");
  const media = await ok(await fetch(`${mastodon}/api/v2/media`, { method: "POST", headers: auth, body: form }));
  await ok(await fetch(`${mastodon}/api/v1/statuses`, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ status: text, media_ids: [media.id], visibility: "public" }) }));
}

async function toBluesky() {
  const xrpc = (method, body, headers = {}) => fetch(`${pds}/xrpc/${method}`, { method: "POST", headers, body });
  const session = await ok(await xrpc("com.atproto.server.createSession", JSON.stringify({ identifier: handle, password }), { "content-type": "application/json" }));
  const auth = { authorization: `Bearer ${session.accessJwt}` };
  const { blob } = await ok(await xrpc("com.atproto.repo.uploadBlob", bytes, { ...auth, "content-type": "image/png" }));
  const record = { $type: "app.bsky.feed.post", text, createdAt: new Date().toISOString(), langs: ["de"], embed: { $type: "app.bsky.embed.images", images: [{ alt: "Ein Bild für die Messung", image: blob }] } };
  await ok(await xrpc("com.atproto.repo.createRecord", JSON.stringify({ repo: session.did, collection: "app.bsky.feed.post", record }), { ...auth, "content-type": "application/json" }));
}

await Promise.all([toMastodon(), toBluesky()]);
