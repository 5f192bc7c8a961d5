import { PackageCollector } from "../../shared/collector.ts";
import { baseName, errorMessage, noteOnly } from "../../shared/index.ts";
import { isJsonObject } from "../../shared/json.ts";
import type { ExtractInput, Extractor, ExtractResult } from "../../types.ts";
import { declaredDependencies } from "./declared.ts";
import { readDependenciesTree } from "./dependencies-section.ts";
import { objectMembers } from "./json-spans.ts";
import { membersOfParsed, type PackageMembers, readPackagesSection } from "./packages-section.ts";

const FILE_NAMES = new Set(["package-lock.json", "npm-shrinkwrap.json"]);

async function siblingManifest(input: ExtractInput) {
  const bytes = await input.readFile("package.json");
  if (bytes === undefined) return undefined;
  try {
    return declaredDependencies(JSON.parse(new TextDecoder().decode(bytes)));
  } catch {
    return undefined;
  }
}

/**
 * The `packages` entries of a v2/v3 lockfile found by scanning, each parsed only when read, or
 * undefined when this is not a well-formed v2/v3 lockfile (the full parse then explains why).
 * Keeps peak memory near the size of the text instead of text plus a whole object graph.
 */
function scannedPackages(text: string): PackageMembers | undefined {
  const top = objectMembers(text);
  if (top === undefined) return undefined;
  const version = top.find((m) => m.key === "lockfileVersion");
  const packages = top.find((m) => m.key === "packages");
  if (version === undefined || packages === undefined) return undefined;
  const v = text.slice(version.start, version.end);
  if (v !== "2" && v !== "3") return undefined;
  const members = objectMembers(text, packages.start, packages.valueLine);
  if (members === undefined) return undefined;
  // Each entry is parsed when read (once) and can be dropped right after.
  return { members, entryAt: (i) => JSON.parse(text.slice(members[i]?.start, members[i]?.end)) };
}

async function extract(input: ExtractInput): Promise<ExtractResult> {
  const text = input.text();
  try {
    const members = scannedPackages(text);
    if (members !== undefined) {
      const out = new PackageCollector(input.path, "npm");
      readPackagesSection(members, out);
      return { packages: out.packages(), notes: [] };
    }
  } catch {
    // An entry that does not parse: the full parse below reports it with JSON.parse's message.
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return noteOnly(input, "BULWARK_EXTRACT_PARSE_FAILED", `invalid JSON: ${errorMessage(err)}`);
  }
  if (!isJsonObject(doc)) return noteOnly(input, "BULWARK_EXTRACT_PARSE_FAILED", "the lockfile is not a JSON object");
  const version = doc.lockfileVersion;
  if (version !== undefined && version !== 1 && version !== 2 && version !== 3) {
    return noteOnly(
      input,
      "BULWARK_EXTRACT_FORMAT_UNSUPPORTED",
      `lockfileVersion ${JSON.stringify(version)} is not 1, 2 or 3`,
    );
  }
  const out = new PackageCollector(input.path, "npm");
  // v2 carries both sections; `packages` is the complete one.
  if (doc.packages !== undefined && version !== 1) {
    if (!isJsonObject(doc.packages))
      return noteOnly(input, "BULWARK_EXTRACT_PARSE_FAILED", '"packages" is not an object');
    readPackagesSection(membersOfParsed(doc.packages, text), out);
  } else if (doc.dependencies !== undefined) {
    if (!isJsonObject(doc.dependencies)) {
      return noteOnly(input, "BULWARK_EXTRACT_PARSE_FAILED", '"dependencies" is not an object');
    }
    readDependenciesTree(doc.dependencies, text, await siblingManifest(input), out);
  } else if (version === undefined) {
    return noteOnly(
      input,
      "BULWARK_EXTRACT_PARSE_FAILED",
      "no lockfileVersion, packages or dependencies: not a package-lock.json",
    );
  }
  return { packages: out.packages(), notes: [] };
}

/** npm's package-lock.json and npm-shrinkwrap.json, lockfile versions 1, 2 and 3. */
export const packageLockExtractor: Extractor = {
  name: "npm/package-lock",
  description: "npm package-lock.json / npm-shrinkwrap.json (lockfileVersion 1, 2, 3)",
  fileRequired: (path) => FILE_NAMES.has(baseName(path)),
  // bun.lock also has a lockfileVersion; npm's lockfiles all carry `"requires": true`.
  detect: (head) => /"lockfileVersion"\s*:\s*[123]\b/.test(head) && head.includes('"requires"'),
  extract,
};
