// Builds dist/ (the files the gateway serves at /app/, committed; the wheel carries them as
// cocoon.web_app) with the pinned esbuild (package-lock.json): app.js from src/main.ts, the
// TON Connect code as a chunk loaded only on a real TON network, and static/ copied as is.
// The SDK is not bundled: the page imports /sdk/cocoon.js from the gateway (one copy).
// `node build.mjs OUT` writes to the folder OUT instead (the suite compares it with dist/).
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { build } from "esbuild";

const out = process.argv[2] ?? "dist";
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  entryPoints: { app: "src/main.ts" },
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  minify: true,
  outdir: out,
  chunkNames: "chunk-[hash]",
  external: ["/sdk/cocoon.js"],
  legalComments: "eof",
  logLevel: "warning",
});
cpSync("static", out, { recursive: true });
