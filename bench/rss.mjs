// Preloaded with --import: prints the process's peak resident memory at exit (to stderr).
process.on("exit", () => process.stderr.write(`\nBENCH_MAXRSS_KB=${process.resourceUsage().maxRSS}\n`));
