/** The environment a run reads: variables by name (`process.env` in the CLI, a plain object in tests). */
export type Env = Record<string, string | undefined>;
