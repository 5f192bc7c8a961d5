import { isMap, isScalar, isSeq, type LineCounter, type Node, type YAMLMap } from "yaml";
import { baseName, makePackage, note, noteOnly } from "../../shared/index.ts";
import { readYamlDocument } from "../../shared/yaml.ts";
import type { ExtractedPackage, ExtractInput, ExtractNote, Extractor, Relation } from "../../types.ts";

/** `Firebase/Core (10.0.0)` -> pod `Firebase`, version `10.0.0`; the subspec is part of the same pod. */
const POD_ENTRY = /^(\S+) \((.+)\)$/;

const rootPod = (spec: string) => spec.split("/")[0] ?? spec;

/** Pod names of the DEPENDENCIES section (what the Podfile asked for), or undefined if absent. */
function directPods(root: YAMLMap): Set<string> | undefined {
  const deps = root.get("DEPENDENCIES", true);
  if (!isSeq(deps)) return undefined;
  const names = new Set<string>();
  for (const item of deps.items) {
    if (isScalar(item) && typeof item.value === "string") names.add(rootPod(item.value.split(" (")[0] ?? ""));
  }
  return names;
}

/** Pods installed from a `:path:` (development pods: the project's own code). */
function localPods(root: YAMLMap): Set<string> {
  const out = new Set<string>();
  const external = root.get("EXTERNAL SOURCES", true);
  if (!isMap(external)) return out;
  for (const pair of external.items) {
    if (isScalar(pair.key) && isMap(pair.value) && pair.value.has(":path")) out.add(String(pair.key.value));
  }
  return out;
}

/** The entry text and the node holding it: `- Name (1.0)` or `- Name (1.0):` followed by its dependencies. */
function podEntry(item: unknown): { text: string; node: Node } | undefined {
  if (isScalar(item) && typeof item.value === "string") return { text: item.value, node: item };
  if (isMap(item) && item.items.length === 1) {
    const key = item.items[0]?.key;
    if (isScalar(key) && typeof key.value === "string") return { text: key.value, node: key };
  }
  return undefined;
}

function readPods(
  input: ExtractInput,
  root: YAMLMap,
  lines: LineCounter,
): { packages: ExtractedPackage[]; notes: ExtractNote[] } {
  const pods = root.get("PODS", true);
  if (pods === undefined) return { packages: [], notes: [] };
  if (!isSeq(pods)) return noteOnly(input, "BULWARK_EXTRACT_PARSE_FAILED", "`PODS` is not a list");
  const direct = directPods(root);
  const local = localPods(root);
  const notes: ExtractNote[] = [];
  const found = new Map<string, { name: string; version: string; lines: number[] }>();
  for (const item of pods.items) {
    const entry = podEntry(item);
    const at = (entry?.node ?? (item as Node | null))?.range?.[0];
    const line = at === undefined ? undefined : lines.linePos(at).line;
    const m = entry === undefined ? null : POD_ENTRY.exec(entry.text.trim());
    if (m === null) {
      notes.push(note(input, "BULWARK_EXTRACT_PARSE_FAILED", "a PODS entry is not `Name (version)`", line));
      continue;
    }
    const name = rootPod(m[1] ?? "");
    const version = m[2] ?? "";
    if (local.has(name)) continue;
    const key = `${name}@${version}`;
    const old = found.get(key) ?? { name, version, lines: [] };
    if (line !== undefined && !old.lines.includes(line)) old.lines.push(line);
    found.set(key, old);
  }
  const packages = [...found.values()].map(({ name, version, lines: at }) => {
    const relation: Relation | undefined =
      direct === undefined ? undefined : direct.has(name) ? "direct" : "transitive";
    return makePackage({
      ecosystem: "CocoaPods",
      name,
      version,
      locations: at.length > 0 ? at.map((line) => ({ path: input.path, line })) : [{ path: input.path }],
      relation,
    });
  });
  return { packages, notes };
}

/** CocoaPods `Podfile.lock`: installed pods (subspecs folded into their pod), direct ones from DEPENDENCIES. */
export const podfileLockExtractor: Extractor = {
  name: "cocoapods/podfile-lock",
  description: "CocoaPods Podfile.lock (spec-repo and git pods; development pods from :path skipped)",
  fileRequired(path) {
    return baseName(path) === "Podfile.lock";
  },
  async extract(input) {
    const read = readYamlDocument(input, input.text());
    if (read.failed) return read.failed;
    const { doc, lines } = read;
    if (!isMap(doc.contents))
      return noteOnly(input, "BULWARK_EXTRACT_PARSE_FAILED", "Podfile.lock is not a YAML mapping");
    return readPods(input, doc.contents, lines);
  },
};
