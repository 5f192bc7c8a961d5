// Dependency-direction rules from DESIGN.md: layers import only downward, plugin
// folders import only their package's types.ts, shared/ and core.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: "no-circular", severity: "error", from: {}, to: { circular: true } },
    {
      name: "packages-never-import-apps",
      severity: "error",
      from: { path: "^packages/" },
      to: { path: "^apps/" },
    },
    {
      name: "core-imports-no-workspace-package",
      severity: "error",
      from: { path: "^packages/core/" },
      to: { path: "^packages/(?!core/)" },
    },
    {
      name: "versions-only-on-core",
      severity: "error",
      from: { path: "^packages/versions/" },
      to: { path: "^packages/(?!versions/|core/)" },
    },
    {
      name: "access-only-on-core",
      comment: "The access policy is pure: labels, roles, visibility. Everything above may use it.",
      severity: "error",
      from: { path: "^packages/access/" },
      to: { path: "^packages/(?!access/|core/)" },
    },
    {
      name: "advisories-only-on-core-and-versions",
      severity: "error",
      from: { path: "^packages/advisories/" },
      to: { path: "^packages/(?!advisories/|core/|versions/)" },
    },
    {
      name: "db-only-below",
      severity: "error",
      from: { path: "^packages/db/" },
      to: { path: "^packages/(?!db/|core/|versions/|advisories/|access/)" },
    },
    {
      name: "extractors-only-on-core-and-versions",
      severity: "error",
      from: { path: "^packages/extractors/" },
      to: { path: "^packages/(?!extractors/|core/|versions/)" },
    },
    {
      name: "extractor-folders-are-isolated",
      comment:
        "An extractor imports only ../../types.ts, ../../shared/ and core, never another extractor or the registry.",
      severity: "error",
      from: {
        path: "^packages/extractors/src/([^/]+)/([^/]+)/",
        pathNot: "^packages/extractors/src/(shared|groups)/",
      },
      to: {
        path: "^packages/extractors/src/",
        pathNot: [
          "^packages/extractors/src/$1/$2/",
          "^packages/extractors/src/types\\.ts$",
          "^packages/extractors/src/shared/",
        ],
      },
    },
    {
      name: "scoring-only-on-core",
      comment: "Tests may use the importers of higher layers to read real data; the package itself may not.",
      severity: "error",
      from: { path: "^packages/scoring/", pathNot: "\\.test\\.ts$" },
      to: { path: "^packages/(?!scoring/|core/)" },
    },
    {
      name: "scanner-below-reporters-and-apps",
      severity: "error",
      from: { path: "^packages/scanner/" },
      to: { path: "^packages/(?!scanner/|core/|versions/|extractors/|advisories/|db/|scoring/)" },
    },
    {
      name: "reporters-render-only",
      severity: "error",
      from: { path: "^packages/reporters/" },
      to: { path: "^packages/(?!reporters/|core/|versions/|extractors/|advisories/|scoring/)" },
    },
    {
      name: "scheme-folders-are-isolated",
      comment: "A version scheme imports only ../types.ts, ../shared/ and core, never another scheme or the registry.",
      severity: "error",
      from: { path: "^packages/versions/src/([^/]+)/", pathNot: "^packages/versions/src/shared/" },
      to: {
        path: "^packages/versions/src/",
        pathNot: ["^packages/versions/src/$1/", "^packages/versions/src/types\\.ts$", "^packages/versions/src/shared/"],
      },
    },
    {
      name: "api-contract-stands-alone",
      comment:
        "The contract is the only code the web console and the CLI share with the server: it imports no workspace code.",
      severity: "error",
      from: { path: "^packages/api-contract/" },
      to: { path: "^(packages|apps)/(?!api-contract/)" },
    },
    {
      name: "web-talks-only-through-the-contract",
      comment: "The console reaches the server only through packages/api-contract (DESIGN.md).",
      severity: "error",
      from: { path: "^apps/web/" },
      to: { path: "^(packages|apps)/(?!api-contract/|web/)" },
    },
    {
      name: "production-code-does-not-import-tests",
      severity: "error",
      from: { pathNot: "\\.test\\.ts$" },
      to: { path: "\\.test\\.ts$" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(dist|fixtures|node_modules)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".js", ".json"],
    },
  },
};
