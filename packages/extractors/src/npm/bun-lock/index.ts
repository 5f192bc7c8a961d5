import { PackageCollector } from "../../shared/collector.ts";
import { ForwardLineFinder } from "../../shared/forward-lines.ts";
import { baseName, errorMessage, noteOnly } from "../../shared/index.ts";
import { isJsonObject } from "../../shared/json.ts";
import type { ExtractInput, Extractor, ExtractResult, Scope } from "../../types.ts";
import { stripJsonc } from "./jsonc.ts";

const SECTIONS: readonly (readonly [string, Scope | undefined])[] = [
  ["dependencies", undefined],
  ["optionalDependencies", "optional"],
  ["devDependencies", "dev"],
  ["peerDependencies", "peer"],
];

/** `name@1.2.3` -> name and version; undefined for `workspace:`, `link:`, `file:`, git and URL idents. */
function splitIdent(ident: string): { name: string; version: string } | undefined {
  const at = ident.indexOf("@", 1);
  if (at < 0) return undefined;
  const version = ident.slice(at + 1);
  const c = version.charCodeAt(0);
  return c >= 0x30 && c <= 0x39 && !version.includes(":") ? { name: ident.slice(0, at), version } : undefined;
}

/**
 * Keys of `packages` a project depends on directly, with their scope. A member's own copy of a
 * dependency is keyed `<member name>/<dependency>`; otherwise it uses the hoisted one, keyed by
 * the dependency's name.
 */
function directKeys(
  workspaces: Record<string, unknown>,
  packages: Record<string, unknown>,
): Map<string, Scope | undefined> {
  const out = new Map<string, Scope | undefined>();
  for (const [path, ws] of Object.entries(workspaces)) {
    if (!isJsonObject(ws)) continue;
    const member = path !== "" && typeof ws.name === "string" ? `${ws.name}/` : "";
    for (const [section, scope] of SECTIONS) {
      const deps = ws[section];
      if (!isJsonObject(deps)) continue;
      for (const name of Object.keys(deps)) {
        const key = member !== "" && packages[member + name] !== undefined ? member + name : name;
        if (!out.has(key) || scope === undefined) out.set(key, scope);
      }
    }
  }
  return out;
}

async function extract(input: ExtractInput): Promise<ExtractResult> {
  if (baseName(input.path) === "bun.lockb") {
    return noteOnly(
      input,
      "BULWARK_EXTRACT_FORMAT_UNSUPPORTED",
      "bun.lockb is bun's binary lockfile; run `bun install --save-text-lockfile` to write bun.lock",
    );
  }
  const text = input.text();
  let doc: unknown;
  try {
    doc = JSON.parse(stripJsonc(text));
  } catch (err) {
    return noteOnly(input, "BULWARK_EXTRACT_PARSE_FAILED", `invalid JSONC: ${errorMessage(err)}`);
  }
  if (!isJsonObject(doc)) return noteOnly(input, "BULWARK_EXTRACT_PARSE_FAILED", "the lockfile is not a JSON object");
  if (doc.lockfileVersion !== 0 && doc.lockfileVersion !== 1) {
    return noteOnly(
      input,
      "BULWARK_EXTRACT_FORMAT_UNSUPPORTED",
      `lockfileVersion ${JSON.stringify(doc.lockfileVersion)} is not 0 or 1`,
    );
  }
  const packages = doc.packages ?? {};
  if (!isJsonObject(packages)) return noteOnly(input, "BULWARK_EXTRACT_PARSE_FAILED", '"packages" is not an object');
  const direct = directKeys(isJsonObject(doc.workspaces) ? doc.workspaces : {}, packages);
  const lines = new ForwardLineFinder(text, Math.max(0, text.indexOf('"packages"')));
  const out = new PackageCollector(input.path, "npm");
  for (const [key, entry] of Object.entries(packages)) {
    if (!Array.isArray(entry) || typeof entry[0] !== "string") continue;
    // The ident names the real package, also when the key is an alias.
    const ident = splitIdent(entry[0]);
    if (ident === undefined) continue;
    // Entries are arrays: `"key": [` cannot match the same name inside a dependency map.
    const line = lines.find(`${JSON.stringify(key)}: [`);
    const isDirect = direct.has(key);
    out.add(
      ident.name,
      ident.version,
      line,
      isDirect ? "direct" : "transitive",
      isDirect ? direct.get(key) : undefined,
    );
  }
  return { packages: out.packages(), notes: [] };
}

/** bun.lock, bun's text lockfile (lockfileVersion 0 and 1); bun.lockb only gets a note. */
export const bunLockExtractor: Extractor = {
  name: "npm/bun-lock",
  description: "bun.lock text lockfile (lockfileVersion 0, 1); bun.lockb is reported as unsupported",
  fileRequired: (path) => {
    const name = baseName(path);
    return name === "bun.lock" || name === "bun.lockb";
  },
  detect: (head) => /"lockfileVersion"\s*:\s*[01]\s*,/.test(head) && head.includes('"workspaces"'),
  extract,
};
