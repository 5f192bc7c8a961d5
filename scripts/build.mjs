// Bundles the CLI into apps/cli/dist/bulwark.js with esbuild and builds the web console into
// apps/web/dist with Vite. Runs from `prepare`, so `npm ci` leaves a working `npx bulwark` whose
// `serve` serves the console. Native modules stay external.
import { build } from "esbuild";
import { build as buildConsole } from "vite";

await build({
  // The CLI and its zip reader thread (loaded by `db import` from beside the bundle).
  entryPoints: { bulwark: "apps/cli/src/main.ts", "zip-worker": "apps/cli/src/io/zip-worker.ts" },
  outdir: "apps/cli/dist",
  bundle: true,
  // Chunks for dynamic imports: `bulwark sbom` loads its parsers and SBOM libraries only when run.
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: "linked",
  // Native modules, and the CycloneDX library (it reads its schema files from its own folder
  // and loads its optional peers lazily), are loaded from node_modules at run time.
  external: [
    "better-sqlite3",
    "@cyclonedx/cyclonedx-library",
    "libxmljs2",
    "ajv",
    "ajv-formats",
    "ajv-formats-draft2019",
    // The server's stack: native (argon2), reading its own files at run time (swagger-ui), or
    // large and only needed by `serve`, `admin` and `audit`.
    "fastify",
    "@fastify/*",
    "pg",
    "pg-boss",
    "kysely",
    "argon2",
    "prom-client",
    "canonicalize",
    "nodemailer",
  ],
  // Bundled CommonJS dependencies call require(); give ESM output one.
  banner: {
    js: "import { createRequire as __bulwarkCreateRequire } from 'node:module'; const require = __bulwarkCreateRequire(import.meta.url);",
  },
  logLevel: "warning",
});

// The console: its own Vite config (apps/web/vite.config.ts) says how.
await buildConsole({ root: "apps/web", logLevel: "warn" });
