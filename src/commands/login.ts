/**
 * `announce login CHANNEL`: get a token (or check an app password) for one channel and keep it in .env;
 * the ids the channel needs with it (a Page, an account, an organization) go into channels.yaml.
 * Questions go to the terminal, hidden where they ask for a secret; without a terminal each question
 * reads one line of stdin (so it works in scripts and tests), and values a question names (the Meta
 * app's secret) are taken from the environment or .env when set.
 */
import type { Env } from "../env.js";
import type { LoginReport } from "../publish/login.js";
import { ExitCode } from "../problems.js";
import { argument, defineCommand, option } from "./command.js";
import { ui } from "../ui-texts.js";

interface LoginFlags {
  code?: string;
  appId?: string;
  page?: string;
  refresh?: boolean;
  print?: boolean;
  port?: string;
}

/** Questions and notes of a login on the process's terminal or stdin; `close` lets the process end. */
async function processPrompts(env: Env) {
  const readline = await import("node:readline");
  const stdin = process.stdin;
  let lines: AsyncIterator<string> | undefined;
  let rl: import("node:readline").Interface | undefined;
  return {
    say: (line: string) => void process.stderr.write(`${line}\n`),
    async ask(question: string, options: { secret?: boolean; env?: string } = {}): Promise<string | undefined> {
      const fromEnv = options.env ? env[options.env] : undefined;
      if (fromEnv) return fromEnv;
      if (stdin.isTTY) {
        const terminal = readline.createInterface({ input: stdin, output: process.stderr, terminal: true });
        // Hidden input: the question is shown, what is typed is not.
        if (options.secret) (terminal as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s) => void (s.startsWith(question) && process.stderr.write(question));
        const answer = await new Promise<string>((resolve) => terminal.question(question, resolve));
        if (options.secret) process.stderr.write("\n");
        terminal.close();
        return answer.trim() || undefined;
      }
      rl ??= readline.createInterface({ input: stdin, terminal: false });
      lines ??= rl[Symbol.asyncIterator]();
      const next = await lines.next();
      return next.done ? undefined : next.value.trim() || undefined;
    },
    close: () => rl?.close(),
  };
}

/** `login`: the secret kept (or printed), whose it is, and what else to set. */
export const loginCommand = defineCommand({
  name: "login",
  get description() {
    return ui().commands.login.description;
  },
  arguments: [argument("<channel>", () => ui().commands.login.channel)],
  options: [
    option("--code <code>", () => ui().commands.login.code),
    option("--app-id <id>", () => ui().commands.login.appId),
    option("--port <port>", () => ui().commands.login.port),
    option("--page <id>", () => ui().commands.login.page),
    option("--refresh", () => ui().commands.login.refresh),
    option("--print", () => ui().commands.login.print),
  ],
  get help() {
    return ui().commands.login.help;
  },
  async run([channel]: [string], flags: LoginFlags, ctx): Promise<LoginReport> {
    const { login } = await import("../publish/login.js");
    const prompts = await processPrompts(ctx.env);
    try {
      return await login({
        channel,
        config: await ctx.config(),
        env: ctx.env,
        stateDir: ctx.stateDir,
        login: { code: flags.code, appId: flags.appId, page: flags.page, refresh: flags.refresh, port: flags.port === undefined ? undefined : Number(flags.port) },
        print: flags.print,
        ask: prompts.ask,
        say: prompts.say,
        redactor: ctx.redactor,
      });
    } finally {
      prompts.close();
    }
  },
  async present(report, view) {
    const { formatLogin, loginJson } = await import("../report/login.js");
    return { json: loginJson(report), human: formatLogin(report, view.style, view.cwd), exitCode: ExitCode.Ok };
  },
});
