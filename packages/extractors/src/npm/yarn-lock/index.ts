import { PackageCollector } from "../../shared/collector.ts";
import { baseName, note, noteOnly } from "../../shared/index.ts";
import type { ExtractInput, ExtractNote, Extractor, ExtractResult, Scope } from "../../types.ts";
import { classify } from "./graph.ts";
import { declaredSpecs } from "./manifest.ts";
import { parseYarnLock, type YarnBlock } from "./parse.ts";
import { resolveBerry, resolveV1, splitDescriptor } from "./resolve.ts";

type Roots = Map<string, Scope | undefined>;

function addRoot(roots: Roots, descriptor: string, scope: Scope | undefined): void {
  if (!roots.has(descriptor) || scope === undefined) roots.set(descriptor, scope);
}

/**
 * The project's own dependencies as lockfile descriptors. Berry lists every workspace as an
 * entry with its dependencies; each workspace's package.json only adds the dev/optional/peer
 * scope. v1 has no such entries: the sibling package.json is the only source, and without it
 * the relation stays unknown.
 */
async function projectRoots(
  input: ExtractInput,
  blocks: readonly YarnBlock[],
  berry: boolean,
): Promise<Roots | undefined> {
  const roots: Roots = new Map();
  if (berry) {
    for (const block of blocks) {
      const [, reference] = splitDescriptor(block.fields.get("resolution") ?? "");
      if (!reference.startsWith("workspace:")) continue;
      const dir = reference.slice("workspace:".length);
      const manifest = declaredSpecs(await input.readFile(dir === "." ? "package.json" : `${dir}/package.json`));
      for (const [name, range] of block.dependencies) addRoot(roots, `${name}@${range}`, manifest.get(name)?.scope);
    }
    if (roots.size > 0) return roots;
  }
  const bytes = await input.readFile("package.json");
  if (bytes === undefined) return undefined;
  for (const [name, spec] of declaredSpecs(bytes)) {
    addRoot(roots, `${name}@${spec.range}`, spec.scope);
    // Berry spells plain semver ranges with the protocol: `lodash@npm:^4.17.21`.
    if (berry) addRoot(roots, `${name}@npm:${spec.range}`, spec.scope);
  }
  return roots;
}

async function extract(input: ExtractInput): Promise<ExtractResult> {
  const parsed = parseYarnLock(input.text());
  if ("error" in parsed) return noteOnly(input, "BULWARK_EXTRACT_PARSE_FAILED", parsed.error, parsed.line);
  const blocks = parsed.blocks.filter((b) => b.descriptors[0] !== "__metadata");
  const roots = await projectRoots(input, blocks, parsed.berry);
  const classes = roots === undefined ? undefined : classify(blocks, roots);
  const out = new PackageCollector(input.path, "npm");
  const notes: ExtractNote[] = [];
  blocks.forEach((block, i) => {
    const version = block.fields.get("version");
    const resolved = parsed.berry
      ? resolveBerry(block.fields.get("resolution"), version)
      : resolveV1(block.descriptors[0] ?? "", version, block.fields.get("resolved"));
    if (resolved === "local") return;
    if (resolved === undefined) {
      notes.push(
        note(input, "BULWARK_EXTRACT_PARSE_FAILED", `entry ${block.descriptors[0]} has no version`, block.line),
      );
      return;
    }
    const c = classes?.[i];
    out.add(resolved.name, resolved.version, block.line, c && (c.direct ? "direct" : "transitive"), c?.scope);
  });
  return { packages: out.packages(), notes };
}

/** yarn.lock, both the v1 format and Berry (yarn 2+) YAML. */
export const yarnLockExtractor: Extractor = {
  name: "npm/yarn-lock",
  description: "yarn.lock (yarn v1 and Berry v2+), direct/dev from the sibling package.json",
  fileRequired: (path) => baseName(path) === "yarn.lock",
  detect: (head) => head.includes("# yarn lockfile v1") || /^__metadata:/m.test(head),
  extract,
};
