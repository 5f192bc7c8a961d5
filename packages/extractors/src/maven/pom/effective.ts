import { makeInterpolator } from "./interpolate.ts";
import type { Pom, PomDependency } from "./model.ts";

/** What inheritance gives a POM: its properties and managed versions, interpolated in its own context. */
export interface Effective {
  readonly interpolate: (value: string) => string;
  /** `groupId:artifactId` → managed version and scope (`import` BOM entries excluded). */
  readonly managed: ReadonlyMap<string, { version?: string; scope?: string }>;
}

/** Merge `child` with its local ancestors (nearest first), the way Maven's model inheritance does for these parts. */
export function effectiveModel(child: Pom, ancestors: readonly Pom[]): Effective {
  const lineage = [...ancestors].reverse().concat(child);
  const props = new Map<string, string>();
  for (const pom of lineage) for (const [k, v] of pom.properties) props.set(k, v);
  // Model values win over <properties> of the same name, as in Maven.
  const builtins: Record<string, string | undefined> = {
    groupId: child.groupId ?? child.parent?.groupId,
    artifactId: child.artifactId,
    version: child.version ?? child.parent?.version,
    "parent.groupId": child.parent?.groupId,
    "parent.artifactId": child.parent?.artifactId,
    "parent.version": child.parent?.version,
  };
  for (const [k, v] of Object.entries(builtins)) {
    if (v === undefined) continue;
    props.set(`project.${k}`, v);
    props.set(`pom.${k}`, v);
  }
  const interpolate = makeInterpolator(props);
  const managed = new Map<string, { version?: string; scope?: string }>();
  for (const pom of lineage) for (const d of pom.managed) addManaged(managed, d, interpolate);
  return { interpolate, managed };
}

function addManaged(
  managed: Map<string, { version?: string; scope?: string }>,
  d: PomDependency,
  interpolate: (value: string) => string,
): void {
  if (!d.groupId || !d.artifactId || d.scope === "import") return;
  const key = `${interpolate(d.groupId)}:${interpolate(d.artifactId)}`;
  managed.set(key, { version: d.version, scope: d.scope });
}
