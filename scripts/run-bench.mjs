// Runs every bench/*.bench.ts after making sure the CLI bundle is fresh.
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";

execFileSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
let failed = 0;
for (const f of readdirSync("bench")
  .filter((n) => n.endsWith(".bench.ts"))
  .sort()) {
  console.log(`\n# ${f}`);
  try {
    execFileSync("npx", ["tsx", `bench/${f}`], { stdio: "inherit" });
  } catch {
    failed++;
  }
}
process.exitCode = failed === 0 ? 0 : 1;
