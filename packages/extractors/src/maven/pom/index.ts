import { baseName, errorMessage, makePackage, note, noteOnly } from "../../shared/index.ts";
import type { ExtractedPackage, ExtractInput, ExtractNote, Extractor, ExtractResult, Scope } from "../../types.ts";
import { type Effective, effectiveModel } from "./effective.ts";
import { UNRESOLVED } from "./interpolate.ts";
import { dependencyLines } from "./lines.ts";
import { type Pom, type PomDependency, parsePom } from "./model.ts";
import { localAncestors } from "./parents.ts";

const ECOSYSTEM = "Maven";
// Maven's dynamic versions: they pick a version at build time, so none is known here.
const DYNAMIC = new Set(["LATEST", "RELEASE"]);

function scopeOf(mavenScope: string, optional: boolean): Scope | undefined {
  if (mavenScope === "test") return "dev";
  // provided/system/runtime/compile are all on the production classpath (provided by the container).
  return optional ? "optional" : undefined;
}

/** Turn one declared dependency into a package, or a note saying why it has no exact version. */
function resolveDependency(
  input: ExtractInput,
  d: PomDependency,
  model: Effective,
  line: number | undefined,
): ExtractedPackage | ExtractNote {
  const groupId = d.groupId && model.interpolate(d.groupId);
  const artifactId = d.artifactId && model.interpolate(d.artifactId);
  if (!groupId || !artifactId || UNRESOLVED.test(groupId) || UNRESOLVED.test(artifactId)) {
    return note(input, "BULWARK_EXTRACT_PARSE_FAILED", "dependency without a resolvable groupId and artifactId", line);
  }
  const name = `${groupId}:${artifactId}`;
  const managed = model.managed.get(name);
  const declared = d.version ?? managed?.version;
  if (declared === undefined || declared === "") {
    return note(
      input,
      "BULWARK_EXTRACT_UNPINNED",
      `${name} has no version (none managed here or in a local parent)`,
      line,
    );
  }
  const version = model.interpolate(declared);
  if (UNRESOLVED.test(version)) {
    return note(input, "BULWARK_EXTRACT_UNPINNED", `${name} version ${declared} has an unresolved property`, line);
  }
  if (/&[^;\s]+;/.test(version)) {
    // Entities are never expanded (XXE safety), so the version is not known.
    return note(input, "BULWARK_EXTRACT_UNPINNED", `${name} version ${version} uses an XML entity`, line);
  }
  if (/^[[(]/.test(version) || version.includes(",") || DYNAMIC.has(version)) {
    return note(input, "BULWARK_EXTRACT_UNPINNED", `${name} version ${version} is a range, not a pin`, line);
  }
  const mavenScope = model.interpolate(d.scope ?? managed?.scope ?? "compile");
  const optional = d.optional !== undefined && model.interpolate(d.optional) === "true";
  const type = d.type && model.interpolate(d.type);
  const classifier = d.classifier && model.interpolate(d.classifier);
  return makePackage({
    ecosystem: ECOSYSTEM,
    name,
    version,
    locations: [line === undefined ? { path: input.path } : { path: input.path, line }],
    relation: "direct",
    scope: scopeOf(mavenScope, optional),
    qualifiers: { classifier: classifier || undefined, type: type && type !== "jar" ? type : undefined },
  });
}

function merge(found: Map<string, ExtractedPackage>, pkg: ExtractedPackage): void {
  const key = `${pkg.name}@${pkg.version}`;
  const seen = found.get(key);
  if (!seen) {
    found.set(key, pkg);
    return;
  }
  // Declared twice (e.g. with and without a classifier): the broader use wins, prod > optional > dev.
  const locations = [...seen.locations, ...pkg.locations];
  const { scope: _previous, ...unscoped } = seen;
  if (seen.scope === undefined || pkg.scope === undefined) found.set(key, { ...unscoped, locations });
  else found.set(key, { ...seen, locations, scope: seen.scope === pkg.scope ? seen.scope : "optional" });
}

async function extractFrom(input: ExtractInput, xml: string): Promise<ExtractResult> {
  let pom: Pom;
  try {
    pom = parsePom(xml);
  } catch (err) {
    return noteOnly(input, "BULWARK_EXTRACT_PARSE_FAILED", errorMessage(err));
  }
  const { poms: ancestors, notes } = await localAncestors(input, pom);
  const model = effectiveModel(pom, ancestors);
  const lines = dependencyLines(xml);
  const aligned = lines.length === pom.dependencies.length;
  const found = new Map<string, ExtractedPackage>();
  pom.dependencies.forEach((d, i) => {
    const result = resolveDependency(input, d, model, aligned ? lines[i] : undefined);
    if ("code" in result) notes.push(result);
    else merge(found, result);
  });
  return { packages: [...found.values()], notes };
}

/** A Maven `pom.xml`: its direct dependencies, versions resolved through properties and local parent POMs. */
export const mavenPomExtractor: Extractor = {
  name: "maven/pom",
  description: "Maven pom.xml: direct dependencies; properties and dependencyManagement from local parent POMs",
  fileRequired: (path) => baseName(path) === "pom.xml",
  detect: (head) => /<project[\s>]/.test(head) && head.includes("maven.apache.org/POM"),
  async extract(input) {
    return extractFrom(input, input.text());
  },
};
