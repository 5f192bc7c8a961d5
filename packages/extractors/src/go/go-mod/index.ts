import { baseName, makePackage, noteOnly } from "../../shared/index.ts";
import type { ExtractedPackage, ExtractInput, Extractor, ExtractResult } from "../../types.ts";
import { osvGoVersion } from "./go-version.ts";
import { type GoModFile, GoModSyntaxError, type GoReplace, parseGoMod } from "./parse.ts";

const ECOSYSTEM = "Go";

function isLocalPath(p: string): boolean {
  // Go treats a replacement as a directory when it is a relative or absolute file path.
  return p.startsWith("./") || p.startsWith("../") || p.startsWith("/") || /^[A-Za-z]:[\\/]/.test(p) || p === ".";
}

function replacementFor(replaces: readonly GoReplace[], path: string, version: string): GoReplace | undefined {
  // A version-specific replace wins over a path-wide one, as in cmd/go.
  return (
    replaces.find((r) => r.fromPath === path && r.fromVersion === version) ??
    replaces.find((r) => r.fromPath === path && r.fromVersion === undefined)
  );
}

function stdlibPackage(file: GoModFile, input: ExtractInput): ExtractedPackage | undefined {
  const directive = file.toolchain && osvGoVersion(file.toolchain.version) ? file.toolchain : file.go;
  const version = directive ? osvGoVersion(directive.version) : undefined;
  if (directive === undefined || version === undefined) return undefined;
  return makePackage({
    ecosystem: ECOSYSTEM,
    name: "stdlib",
    version,
    locations: [{ path: input.path, line: directive.line }],
  });
}

function modulePackages(file: GoModFile, input: ExtractInput): ExtractedPackage[] {
  const byKey = new Map<string, ExtractedPackage>();
  for (const req of file.requires) {
    if (file.excludes.has(`${req.path}@${req.version}`)) continue;
    const replace = replacementFor(file.replaces, req.path, req.version);
    if (replace !== undefined && (replace.toVersion === undefined || isLocalPath(replace.toPath))) continue;
    const name = replace?.toPath ?? req.path;
    const version = (replace?.toVersion ?? req.version).replace(/^v/, "");
    const key = `${name}@${version}`;
    const location = { path: input.path, line: req.line };
    const seen = byKey.get(key);
    if (seen !== undefined) {
      byKey.set(key, { ...seen, locations: [...seen.locations, location] });
      continue;
    }
    byKey.set(
      key,
      makePackage({
        ecosystem: ECOSYSTEM,
        name,
        version,
        locations: [location],
        relation: req.indirect ? "transitive" : "direct",
      }),
    );
  }
  return [...byKey.values()];
}

/** Reads `go.mod`: required modules (after `replace` and `exclude`) and the Go toolchain as `stdlib`. */
export const goModExtractor: Extractor = {
  name: "go/go-mod",
  description: "Go modules required by go.mod, with replace/exclude applied, and the toolchain as stdlib",
  fileRequired: (path) => baseName(path) === "go.mod",
  async extract(input): Promise<ExtractResult> {
    let file: GoModFile;
    try {
      file = parseGoMod(input.text());
    } catch (err) {
      if (err instanceof GoModSyntaxError) {
        return noteOnly(input, "BULWARK_EXTRACT_PARSE_FAILED", `go.mod: ${err.message}`, err.line);
      }
      throw err;
    }
    if (file.module === undefined) {
      return noteOnly(input, "BULWARK_EXTRACT_PARSE_FAILED", "go.mod has no module directive");
    }
    const stdlib = stdlibPackage(file, input);
    const packages = modulePackages(file, input);
    return { packages: stdlib ? [stdlib, ...packages] : packages, notes: [] };
  },
};
