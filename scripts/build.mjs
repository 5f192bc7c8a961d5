// Bundles the CLI into apps/cli/dist/bulwark.js with esbuild. Runs from `prepare`,
// so `npm ci` leaves a working `npx bulwark`. Native modules stay external.
import { build } from "esbuild";

await build({
  entryPoints: ["apps/cli/src/main.ts"],
  outfile: "apps/cli/dist/bulwark.js",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: "linked",
  external: ["better-sqlite3"],
  // Bundled CommonJS dependencies call require(); give ESM output one.
  banner: {
    js: "import { createRequire as __bulwarkCreateRequire } from 'node:module'; const require = __bulwarkCreateRequire(import.meta.url);",
  },
  logLevel: "warning",
});
