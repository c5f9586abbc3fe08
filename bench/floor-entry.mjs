// The floor of `announce preview`'s start-up: the libraries the CLI is built on (commander, yaml, zod,
// mdast-util-from-markdown with GFM), loaded the way dist/ loads them and each used once on a tiny input,
// and nothing of announce itself. bench/run.mjs bundles and times it beside the real command.
import module from "node:module";
import { Command } from "commander";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfm } from "micromark-extension-gfm";
import { parseDocument } from "yaml";
import * as z from "zod";

module.enableCompileCache?.();
const program = new Command().name("floor").option("--json");
program
  .command("preview")
  .argument("<notice>")
  .action(() => {
    const doc = parseDocument("title: Wasserrohrbruch\nhashtags: [Wasser]\nchannels:\n  m: { platform: mastodon, instance: https://m.example }\n");
    const schema = z.object({ title: z.string(), hashtags: z.array(z.string()), channels: z.record(z.string(), z.object({ platform: z.string(), instance: z.url() })) });
    schema.parse(doc.toJS());
    const tree = fromMarkdown("# Titel\n\nEin **Absatz** mit [Link](https://example.org):\n\n- eins\n- zwei\n", { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
    const graphemes = [...new Intl.Segmenter("de", { granularity: "grapheme" }).segment("Straße 👩‍👩‍👧")].length;
    process.stdout.write(`${tree.children.length} ${graphemes}\n`);
  });
await program.parseAsync();
