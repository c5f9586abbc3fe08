/** Writes schema/channels.schema.json from the zod schema (`npm run schema`). */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { configJsonSchema } from "./schema.js";

// Runs from dist/write-schema.js: the project root is one folder up.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
await mkdir(path.join(root, "schema"), { recursive: true });
await writeFile(path.join(root, "schema/channels.schema.json"), JSON.stringify(configJsonSchema(), null, 2) + "\n");
