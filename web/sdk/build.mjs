// Builds dist/cocoon.js, the ES module the gateway serves at /sdk/cocoon.js, with the pinned
// esbuild (package-lock.json). dcap-qvl's Node-only imports (crypto, node-fetch) are left out
// (its "browser" field); its `buffer` dependency is bundled. `node build.mjs OUT` writes OUT
// instead (the suite compares that with the committed file).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

// asn1.js and elliptic each ship their own copy of bn.js 4.12.5 (npm nests both, since
// dcap-qvl takes bn.js 5 at the top): bundle that one version once, not twice.
const BN4 = fileURLToPath(new URL("node_modules/elliptic/node_modules/bn.js/lib/bn.js",
                                  import.meta.url));
const oneBn4 = {
  name: "one-bn.js-4",
  setup(b) {
    b.onResolve({ filter: /^bn\.js$/ }, (args) =>
      /node_modules\/(asn1\.js|elliptic)\//.test(args.importer) ? { path: BN4 } : undefined);
  },
};

// The payment channel's code, from the committed artifact (src/ton.ts builds its StateInit).
const channel = JSON.parse(readFileSync(fileURLToPath(new URL(
  "../../contracts/compiled/payment_channel.json", import.meta.url)), "utf8"));

// @ton/core needs only a synchronous SHA-256 of @ton/crypto here (src/ton-crypto-shim.js).
const tonCrypto = {
  name: "ton-crypto-shim",
  setup(b) {
    b.onResolve({ filter: /^@ton\/crypto$/ }, () => ({
      path: fileURLToPath(new URL("src/ton-crypto-shim.js", import.meta.url)) }));
  },
};

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
  plugins: [oneBn4, tonCrypto],
  define: {
    __PAYMENT_CHANNEL_BOC__: JSON.stringify(channel.codeBoc64),
    __PAYMENT_CHANNEL_HASH__: JSON.stringify(channel.codeHashHex),
  },
});
