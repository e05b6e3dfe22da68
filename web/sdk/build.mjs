// Builds dist/cocoon.js, the ES module the gateway serves at /sdk/cocoon.js, with the pinned
// esbuild (package-lock.json). dcap-qvl's Node-only imports (crypto, node-fetch) are left out
// (its "browser" field); its `buffer` dependency is bundled. `node build.mjs OUT` writes OUT
// instead (the suite compares that with the committed file).
import { build } from "esbuild";

await build({
  entryPoints: ["src/index.ts"],
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  outfile: process.argv[2] ?? "dist/cocoon.js",
  legalComments: "eof",
  inject: ["src/buffer-shim.js"],
  logLevel: "warning",
});
