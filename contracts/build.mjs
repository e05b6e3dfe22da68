// Compiles the Tolk sources with the pinned @ton/tolk-js and writes compiled/<name>.json
// (code BOC in base64, code hash, compiler version). Usage: node build.mjs [--check]
// --check compiles and compares with the committed artifacts instead of writing them.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { getTolkCompilerVersion, runTolkCompiler } from "@ton/tolk-js";

const here = path.dirname(fileURLToPath(import.meta.url));
const CONTRACTS = ["payment_channel", "root", "provider_stake"];
const check = process.argv.includes("--check");

let failed = false;
for (const name of CONTRACTS) {
  const result = await runTolkCompiler({
    entrypointFileName: `${name}.tolk`,
    fsReadCallback: (p) => fs.readFileSync(path.join(here, "tolk", p), "utf-8"),
    optimizationLevel: 2,
  });
  if (result.status === "error") {
    console.error(result.message);
    process.exit(1);
  }
  const artifact = {
    name,
    tolkVersion: await getTolkCompilerVersion(),
    codeHashHex: result.codeHashHex,
    codeBoc64: result.codeBoc64,
  };
  const out = path.join(here, "compiled", `${name}.json`);
  if (check) {
    const committed = JSON.parse(fs.readFileSync(out, "utf-8"));
    const same = committed.codeHashHex === artifact.codeHashHex
      && committed.codeBoc64 === artifact.codeBoc64;
    console.log(`${name}: ${artifact.codeHashHex} ${same ? "matches" : "DIFFERS from"} committed`);
    failed ||= !same;
  } else {
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify(artifact, null, 2) + "\n");
    console.log(`${name}: ${artifact.codeHashHex} (tolk ${artifact.tolkVersion})`);
  }
}
process.exit(failed ? 1 : 0);
