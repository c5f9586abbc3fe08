// The floor of `announce --help`: commander alone, printing the help of a program with one command.
// bench/run.mjs bundles and times it beside the real command.
import module from "node:module";
import { Command } from "commander";

module.enableCompileCache?.();
const program = new Command("floor").description("A program with one command.").option("--json", "JSON output");
program.command("preview").argument("<notice>").action(() => {});
await program.parseAsync();
