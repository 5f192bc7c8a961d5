import { XMLParser, XMLValidator } from "fast-xml-parser";

/** One `<dependency>` as written (values not yet interpolated). */
export interface PomDependency {
  readonly groupId?: string;
  readonly artifactId?: string;
  readonly version?: string;
  readonly scope?: string;
  readonly optional?: string;
  readonly type?: string;
  readonly classifier?: string;
}

/** The `<parent>` reference. `relativePath` is `""` for an explicit empty `<relativePath/>`. */
export interface PomParent {
  readonly groupId?: string;
  readonly artifactId?: string;
  readonly version?: string;
  readonly relativePath?: string;
}

/** The parts of a POM this extractor uses. */
export interface Pom {
  readonly groupId?: string;
  readonly artifactId?: string;
  readonly version?: string;
  readonly parent?: PomParent;
  readonly properties: ReadonlyMap<string, string>;
  /** `<dependencyManagement><dependencies>`. */
  readonly managed: readonly PomDependency[];
  /** `<project><dependencies>` (not those of profiles or plugins). */
  readonly dependencies: readonly PomDependency[];
}

const DEPENDENCY_PATHS = new Set([
  "project.dependencies.dependency",
  "project.dependencyManagement.dependencies.dependency",
]);

// Entity processing off: no DOCTYPE entity is ever expanded, and fast-xml-parser refuses external
// (SYSTEM/PUBLIC) entity declarations outright, so a POM cannot make us read files (XXE) or blow up
// memory (billion laughs); such a file ends up as a parse failure or with the entity text left as is.
const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  processEntities: false,
  isArray: (_name, jpath) => DEPENDENCY_PATHS.has(String(jpath)),
});

function text(v: unknown): string | undefined {
  if (typeof v === "string") return v.trim();
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return undefined;
}

function object(v: unknown): Record<string, unknown> | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function dependencyList(v: unknown): PomDependency[] {
  const list = object(v)?.dependency;
  if (!Array.isArray(list)) return [];
  return list.map((d) => {
    const o = object(d) ?? {};
    return {
      groupId: text(o.groupId),
      artifactId: text(o.artifactId),
      version: text(o.version),
      scope: text(o.scope),
      optional: text(o.optional),
      type: text(o.type),
      classifier: text(o.classifier),
    };
  });
}

/** Parse a POM; throws an Error with a one-line reason when the XML is invalid or not a `<project>`. */
export function parsePom(xml: string): Pom {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`invalid XML at line ${valid.err.line}: ${valid.err.msg}`);
  const doc = object(parser.parse(xml));
  const project = object(doc?.project);
  if (project === undefined) throw new Error("no <project> root element: not a Maven POM");
  const parentNode = object(project.parent);
  const properties = new Map<string, string>();
  for (const [k, v] of Object.entries(object(project.properties) ?? {})) {
    const value = text(v) ?? (v === "" ? "" : undefined);
    if (value !== undefined) properties.set(k, value);
  }
  return {
    groupId: text(project.groupId),
    artifactId: text(project.artifactId),
    version: text(project.version),
    parent: parentNode && {
      groupId: text(parentNode.groupId),
      artifactId: text(parentNode.artifactId),
      version: text(parentNode.version),
      relativePath: "relativePath" in parentNode ? (text(parentNode.relativePath) ?? "") : undefined,
    },
    properties,
    managed: dependencyList(object(project.dependencyManagement)?.dependencies),
    dependencies: dependencyList(project.dependencies),
  };
}
