import { createRequire } from "node:module";
import type * as CycloneDX from "@cyclonedx/cyclonedx-library";

let library: typeof CycloneDX | undefined;

/**
 * The official CycloneDX library, loaded on first use. Loading it (and xmlbuilder2 behind it)
 * costs ~150 ms of start-up, which a `scan -f table` or `sbom -f spdx-json` never needs.
 */
export function cyclonedx(): typeof CycloneDX {
  library ??= createRequire(import.meta.url)("@cyclonedx/cyclonedx-library") as typeof CycloneDX;
  return library;
}

const serializers = new Map<"json" | "xml", CycloneDX.Serialize.Types.Serializer>();

/**
 * A CycloneDX 1.6 BOM serialised as JSON or XML. Lists keep the order they were built in
 * (components in Bulwark's order, vulnerabilities in priority order), not the library's sort.
 */
export function serializeBom(bom: CycloneDX.Models.Bom, as: "json" | "xml"): string {
  let serializer = serializers.get(as);
  if (serializer === undefined) {
    const { Serialize, Spec } = cyclonedx();
    serializer =
      as === "json"
        ? new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6))
        : new Serialize.XmlSerializer(new Serialize.XML.Normalize.Factory(Spec.Spec1dot6));
    serializers.set(as, serializer);
  }
  return `${serializer.serialize(bom, { sortLists: false, space: 2 })}\n`;
}
