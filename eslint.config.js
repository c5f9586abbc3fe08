import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

/**
 * The layers of src/, top to bottom (README, "Design notes"). A module may import from its own layer and
 * the layers below it, never from a layer above: an import that climbs fails `npm run lint`.
 * The entry points (src/cli.ts, src/program.ts, src/index.ts) sit above all of them; the modules directly
 * in src/ (problems, messages, retry, redact, env, version, yaml-source, suggest) below all of them.
 */
const LAYERS = [
  ["commands"],
  ["report"],
  ["publish"],
  ["plan"],
  ["config"],
  ["platforms"],
  ["render"],
  ["announcement", "media"],
  ["state"],
];
const ENTRY = ["program", "cli", "index"];

/** `no-restricted-imports` for one layer: every folder above it, and the entry points, are off limits. */
function layerRule(above, layerName) {
  const patterns = [
    { regex: `^(\\.\\./)+(${ENTRY.join("|")})\\.js$`, message: `${layerName} must not import the CLI's entry points (layer order: README, "Design notes").` },
  ];
  if (above.length > 0) {
    patterns.push({ regex: `^(\\.\\./)+(${above.join("|")})/`, message: `${layerName} is below ${above.join(", ")}: an import may not climb a layer (README, "Design notes").` });
  }
  return ["error", { patterns }];
}

const layerConfigs = LAYERS.map((folders, i) => ({
  files: folders.map((folder) => `src/${folder}/**/*.ts`),
  rules: { "no-restricted-imports": layerRule(LAYERS.slice(0, i).flat(), folders.join("/")) },
}));
const baseConfig = {
  files: ["src/*.ts"],
  ignores: ENTRY.map((name) => `src/${name}.ts`),
  rules: {
    "no-restricted-imports": [
      "error",
      {
        patterns: [
          { regex: `^\\./(${LAYERS.flat().join("|")})/`, message: "The modules directly in src/ are the bottom layer: they import no folder of src/ (README, \"Design notes\")." },
          { regex: `^\\./(${ENTRY.join("|")})\\.js$`, message: "The bottom layer must not import the CLI's entry points." },
        ],
      },
    ],
  },
};

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", ".tools/", "coverage/", "schema/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, performance: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": ["error"],
    },
  },
  ...layerConfigs,
  baseConfig,
  { files: ["src/program.ts", "bench/**", "test/**", "scripts/**"], rules: { "no-console": "off" } },
  { files: ["**/*.cjs"], rules: { "@typescript-eslint/no-require-imports": "off" } },
);
