import { baseName, errorMessage, makePackage, noteOnly } from "../../shared/index.ts";
import type { ExtractInput, Extractor, ExtractResult } from "../../types.ts";

const NODE_MODULES = "node_modules";

/**
 * True for `…/node_modules/<name>/package.json` and `…/node_modules/@scope/<name>/package.json`:
 * the manifest of an installed package, not one of the nested package.json files some
 * packages ship in subfolders (`node_modules/x/esm/package.json`).
 */
function isInstalledManifest(path: string): boolean {
  if (baseName(path) !== "package.json") return false;
  const parts = path.split("/");
  const n = parts.length;
  if (n >= 3 && parts[n - 3] === NODE_MODULES) {
    // `.bin`, `.cache`, `.pnpm` are npm's own folders; `@scope` alone is not a package.
    const folder = parts[n - 2] as string;
    return !folder.startsWith(".") && !folder.startsWith("@");
  }
  return n >= 4 && parts[n - 4] === NODE_MODULES && (parts[n - 3] as string).startsWith("@");
}

async function extract(input: ExtractInput): Promise<ExtractResult> {
  let manifest: unknown;
  try {
    manifest = JSON.parse(input.text());
  } catch (err) {
    return noteOnly(input, "BULWARK_EXTRACT_PARSE_FAILED", `invalid JSON: ${errorMessage(err)}`);
  }
  if (typeof manifest !== "object" || manifest === null || Array.isArray(manifest)) return { packages: [], notes: [] };
  const { name, version } = manifest as Record<string, unknown>;
  // Folders without both (build leftovers, stubs) are not installed packages.
  if (typeof name !== "string" || name === "" || typeof version !== "string" || version === "") {
    return { packages: [], notes: [] };
  }
  return { packages: [makePackage({ ecosystem: "npm", name, version, locations: [{ path: input.path }] })], notes: [] };
}

/** Installed npm packages: the package.json of each folder under a node_modules directory (images, deployed apps). */
export const nodeModulesExtractor: Extractor = {
  name: "npm/node-modules",
  description: "installed packages: node_modules/<name>/package.json at any depth",
  fileRequired: isInstalledManifest,
  extract,
};
