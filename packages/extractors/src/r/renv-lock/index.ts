import { baseName, LineIndex, lineOfFirst, makePackage, note, noteOnly } from "../../shared/index.ts";
import { isJsonObject, type JsonObject, readJsonObject } from "../../shared/json.ts";
import type { ExtractedPackage, ExtractNote, Extractor } from "../../types.ts";

const text = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/**
 * The OSV ecosystem of one renv record, or undefined for a package the project installed from a
 * local source (its own code). Bioconductor shows up as `Source: Bioconductor`, as
 * `RemoteType: bioconductor` or as a `Repository: Bioconductor 3.x` on newer renv; everything else
 * (CRAN, RSPM/PPM/P3M mirrors, r-universe, GitHub/GitLab installs with a version) is CRAN-named.
 */
function ecosystemOf(record: JsonObject): string | undefined {
  const source = text(record.Source)?.toLowerCase() ?? "";
  if (source === "local") return undefined;
  const bioc = [record.Source, record.RemoteType, record.Repository].some(
    (v) => typeof v === "string" && v.toLowerCase().startsWith("bioc"),
  );
  return bioc ? "Bioconductor" : "CRAN";
}

/** R `renv.lock`: CRAN and Bioconductor packages with their exact versions. */
export const renvLockExtractor: Extractor = {
  name: "r/renv-lock",
  description: "R renv.lock (CRAN, Bioconductor and remote-installed packages; local packages skipped)",
  fileRequired(path) {
    return baseName(path) === "renv.lock";
  },
  async extract(input) {
    const raw = input.text();
    const read = readJsonObject(input, raw, "renv.lock");
    if (read.failed) return read.failed;
    const doc = read.doc;
    const records = doc.Packages;
    if (records === undefined) return { packages: [], notes: [] };
    if (!isJsonObject(records)) return noteOnly(input, "BULWARK_EXTRACT_PARSE_FAILED", "`Packages` is not an object");

    const lines = new LineIndex(raw);
    const packagesAt = raw.indexOf('"Packages"');
    const packages: ExtractedPackage[] = [];
    const notes: ExtractNote[] = [];
    let cursor = packagesAt;
    for (const [key, record] of Object.entries(records)) {
      // Keys come back in file order (R package names are never integer-like), so each search
      // starts after the previous one.
      const keyAt = raw.indexOf(`${JSON.stringify(key)}:`, cursor);
      if (keyAt >= 0) cursor = keyAt + 1;
      const line = keyAt >= 0 ? lines.lineOf(keyAt) : lineOfFirst(raw, lines, JSON.stringify(key), packagesAt);
      if (!isJsonObject(record)) {
        notes.push(note(input, "BULWARK_EXTRACT_PARSE_FAILED", `package ${key} is not an object`, line));
        continue;
      }
      const ecosystem = ecosystemOf(record);
      if (ecosystem === undefined) continue;
      const version = text(record.Version);
      if (version === undefined) {
        notes.push(note(input, "BULWARK_EXTRACT_PARSE_FAILED", `package ${key} has no Version`, line));
        continue;
      }
      packages.push(
        makePackage({
          ecosystem,
          name: text(record.Package) ?? key,
          version,
          locations: [line === undefined ? { path: input.path } : { path: input.path, line }],
        }),
      );
    }
    return { packages, notes };
  },
};
