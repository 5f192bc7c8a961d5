import { packageToPurl } from "@bulwark/versions";
import type { PackageCollector } from "../../shared/collector.ts";
import type { Relation, Scope } from "../../types.ts";
import type { ConanReference } from "./reference.ts";

/**
 * purl-spec conan: the user is the namespace and the channel a qualifier; packageurl-js accepts
 * one only with the other, so a reference with a user but no channel gets a plain purl.
 */
function purlOf(ref: ConanReference): string | undefined {
  const both = ref.user !== undefined && ref.channel !== undefined;
  return packageToPurl("ConanCenter", both ? `${ref.user}/${ref.name}` : ref.name, ref.version, {
    channel: both ? ref.channel : undefined,
    rrev: ref.revision,
  });
}

/**
 * Record one reference found in a lockfile. The same name, version, user and channel (a tool that
 * is both a host and a build requirement, say) is one package whatever its revision; the collector
 * merges its locations, relation and scope.
 */
export function addReference(
  out: PackageCollector,
  ref: ConanReference,
  line: number | undefined,
  relation?: Relation,
  scope?: Scope,
): void {
  const key = `${ref.name}/${ref.version}@${ref.user ?? ""}/${ref.channel ?? ""}`;
  out.add(ref.name, ref.version, line, relation, scope, { key, purl: purlOf(ref) });
}
