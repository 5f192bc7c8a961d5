import type { ExtractedPackage, ExtractNote, PackageLocation } from "@bulwark/extractors";
import { packageToPurl, splitEcosystem } from "@bulwark/versions";

/**
 * The package's purl: the one the extractor recorded, else built from ecosystem, name and version.
 * `undefined` when none can be built; rendering never fails on a name the purl spec rejects.
 */
export function purlOf(pkg: ExtractedPackage): string | undefined {
  if (pkg.purl !== undefined) return pkg.purl;
  try {
    return packageToPurl(pkg.ecosystem, pkg.name, pkg.version);
  } catch {
    return undefined;
  }
}

/** `path:line`, or just `path` when the format gave no line. */
export function locationLabel(loc: PackageLocation): string {
  return loc.line === undefined ? loc.path : `${loc.path}:${loc.line}`;
}

/** One line for a note: `CODE path:line message`. */
export function noteLabel(note: ExtractNote): string {
  return `${note.code} ${locationLabel(note)} ${note.message}`;
}

/** A name split into the namespace part CycloneDX calls `group` and the rest. */
export interface GroupedName {
  readonly group?: string;
  readonly name: string;
}

function splitAt(name: string, sep: string): GroupedName {
  const i = name.lastIndexOf(sep);
  if (i <= 0 || i === name.length - 1) return { name };
  return { group: name.slice(0, i), name: name.slice(i + 1) };
}

/**
 * Split the name where the ecosystem has a namespace of its own: the npm scope (`@babel`), the
 * Maven groupId and the Packagist vendor. Other names (Go module paths included) stay whole,
 * as the CycloneDX tools of those ecosystems do.
 */
export function groupedName(pkg: ExtractedPackage): GroupedName {
  switch (splitEcosystem(pkg.ecosystem).base) {
    case "npm":
      return pkg.name.startsWith("@") ? splitAt(pkg.name, "/") : { name: pkg.name };
    case "Maven":
      return splitAt(pkg.name, ":");
    case "Packagist":
      return splitAt(pkg.name, "/");
    default:
      return { name: pkg.name };
  }
}
