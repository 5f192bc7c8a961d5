import { baseName, LineIndex, makePackage, note, noteOnly } from "../../shared/index.ts";
import { isJsonObject, type JsonObject, readJsonObject } from "../../shared/json.ts";
import type { ExtractedPackage, ExtractNote, Extractor } from "../../types.ts";
import { swiftUrlName } from "./swift-url.ts";

const text = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** One pin in the fields shared by all versions: v1 says `package`/`repositoryURL`, v2 and v3 `identity`/`location`. */
interface Pin {
  readonly label: string | undefined;
  readonly location: string | undefined;
  readonly kind: string | undefined;
  readonly version: string | undefined;
}

function readPin(pin: JsonObject, format: number): Pin {
  const state = isJsonObject(pin.state) ? pin.state : {};
  return format === 1
    ? { label: text(pin.package), location: text(pin.repositoryURL), kind: undefined, version: text(state.version) }
    : { label: text(pin.identity), location: text(pin.location), kind: text(pin.kind), version: text(state.version) };
}

/** Pins of the file, or a reason the file has none we can read. */
function pinsOf(doc: JsonObject): { format: number; pins: unknown } | { unsupported: string } | { bad: string } {
  const format = doc.version;
  if (format === 1) {
    if (!isJsonObject(doc.object)) return { bad: "`object` is not an object" };
    return { format, pins: doc.object.pins };
  }
  if (format === 2 || format === 3) return { format, pins: doc.pins };
  return { unsupported: `Package.resolved version ${JSON.stringify(format ?? null)} is not 1, 2 or 3` };
}

/** SwiftPM `Package.resolved`: remote source-control pins that resolved to a release version. */
export const packageResolvedExtractor: Extractor = {
  name: "swift/package-resolved",
  description: "SwiftPM Package.resolved v1-v3 (tagged git pins; branch/revision, local and registry pins skipped)",
  fileRequired(path) {
    return baseName(path) === "Package.resolved";
  },
  async extract(input) {
    const raw = input.text();
    const read = readJsonObject(input, raw, "Package.resolved");
    if (read.failed) return read.failed;
    const doc = read.doc;
    const found = pinsOf(doc);
    if ("unsupported" in found) return noteOnly(input, "BULWARK_EXTRACT_FORMAT_UNSUPPORTED", found.unsupported);
    if ("bad" in found) return noteOnly(input, "BULWARK_EXTRACT_PARSE_FAILED", found.bad);
    if (!Array.isArray(found.pins)) return noteOnly(input, "BULWARK_EXTRACT_PARSE_FAILED", "`pins` is not a list");

    const lines = new LineIndex(raw);
    const packages = new Map<string, ExtractedPackage>();
    const notes: ExtractNote[] = [];
    let cursor = raw.indexOf('"pins"');
    for (const [i, item] of found.pins.entries()) {
      const pin = isJsonObject(item) ? readPin(item, found.format) : undefined;
      // Pins are in file order; each is found by its label (slashes in URLs may be escaped as `\/`).
      const at = pin?.label === undefined ? -1 : raw.indexOf(JSON.stringify(pin.label), cursor);
      if (at >= 0) cursor = at + 1;
      const line = at >= 0 ? lines.lineOf(at) : undefined;
      if (pin === undefined) {
        notes.push(note(input, "BULWARK_EXTRACT_PARSE_FAILED", `pin ${i} is not an object`));
        continue;
      }
      // Local checkouts are the project's own code; registry pins have no URL to name them by.
      if (pin.kind === "localSourceControl" || pin.kind === "fileSystem" || pin.kind === "registry") continue;
      // Branch and revision pins have no release version that advisories could name.
      if (pin.version === undefined) continue;
      const name = pin.location === undefined ? undefined : swiftUrlName(pin.location);
      if (name === undefined) {
        const what = pin.location === undefined ? "has no repository URL" : `has an unusable URL ${pin.location}`;
        notes.push(note(input, "BULWARK_EXTRACT_PARSE_FAILED", `pin ${pin.label ?? i} ${what}`, line));
        continue;
      }
      const location = line === undefined ? { path: input.path } : { path: input.path, line };
      const key = `${name}@${pin.version}`;
      const old = packages.get(key);
      packages.set(
        key,
        old === undefined
          ? makePackage({ ecosystem: "SwiftURL", name, version: pin.version, locations: [location] })
          : { ...old, locations: [...old.locations, location] },
      );
    }
    return { packages: [...packages.values()], notes };
  },
};
