import { PackageURL } from "packageurl-js";
import { baseName, makePackage, note, noteOnly, osEcosystemFor, osReleaseFor } from "../../shared/index.ts";
import type { ExtractedPackage, ExtractInput, ExtractNote, Extractor, ExtractResult } from "../../types.ts";
import { type RpmHeader, readHeader, splitSourceRpm } from "./header.ts";
import { readPackageBlobs } from "./sqlite.ts";

// Where rpm keeps its database: the classic path, and /usr/lib/sysimage (Fedora 36+, openSUSE, SLE 16).
const DB_DIRS = ["var/lib/rpm/", "usr/lib/sysimage/rpm/"] as const;
// Other backends: BerkeleyDB (RHEL/Alma/Rocky 8 and older, `Packages`) and NDB (SUSE, `Packages.db`).
const UNSUPPORTED = new Set(["Packages", "Packages.db"]);

/** The database directory `path` sits in, if it is one of rpm's; `undefined` otherwise. */
function dbDirOf(path: string): string | undefined {
  const dir = path.slice(0, path.length - baseName(path).length);
  return DB_DIRS.find((d) => dir === d || dir.endsWith(`/${d}`));
}

/** `epoch:version-release` as OSV spells RPM versions, the epoch only when non-zero. */
function evr(h: { epoch?: number }, versionRelease: string): string {
  return h.epoch ? `${h.epoch}:${versionRelease}` : versionRelease;
}

function toPackage(input: ExtractInput, h: RpmHeader, ecosystem: string, osRelease?: Readonly<Record<string, string>>) {
  const versionRelease = `${h.version}-${h.release}`;
  const version = evr(h, versionRelease);
  const source = h.sourceRpm === undefined ? undefined : splitSourceRpm(h.sourceRpm);
  return makePackage({
    ecosystem,
    name: h.name,
    version,
    locations: [{ path: input.path }],
    // Subpackages share the source package's epoch, which the .src.rpm file name leaves out.
    sourceName: source?.name ?? h.name,
    sourceVersion: source === undefined ? version : evr(h, source.versionRelease),
    purl: osEcosystemKnown(ecosystem) ? undefined : unknownDistroPurl(h, versionRelease, osRelease),
    qualifiers: { arch: h.arch },
  });
}

/** Whether `packageToPurl` knows this ecosystem (not one of the `rpm:<ID>` fallbacks). */
const osEcosystemKnown = (ecosystem: string) => ecosystem !== "rpm" && !ecosystem.startsWith("rpm:");

/** For a distribution OSV has no ecosystem for: `pkg:rpm/<ID>/<name>@<version-release>?arch=…&distro=<ID>-<VERSION_ID>`. */
function unknownDistroPurl(h: RpmHeader, versionRelease: string, osRelease?: Readonly<Record<string, string>>) {
  const id = osRelease?.ID?.toLowerCase() || undefined;
  const qualifiers: Record<string, string> = {};
  if (h.arch) qualifiers.arch = h.arch;
  if (id && osRelease?.VERSION_ID) qualifiers.distro = `${id}-${osRelease.VERSION_ID}`;
  if (h.epoch) qualifiers.epoch = String(h.epoch);
  return new PackageURL("rpm", id, h.name, versionRelease, qualifiers, undefined).toString();
}

async function extract(input: ExtractInput): Promise<ExtractResult> {
  const base = baseName(input.path);
  if (UNSUPPORTED.has(base)) {
    const backend = base === "Packages" ? "BerkeleyDB" : "NDB";
    return noteOnly(
      input,
      "BULWARK_EXTRACT_FORMAT_UNSUPPORTED",
      `${backend} rpm database; only the sqlite backend (rpmdb.sqlite) is read`,
    );
  }
  const rows = readPackageBlobs(input.content);
  if (typeof rows === "string")
    return noteOnly(input, "BULWARK_EXTRACT_PARSE_FAILED", `cannot read rpm database: ${rows}`);
  const dbDir = dbDirOf(input.path) ?? "";
  const rootPrefix = input.path.slice(0, input.path.length - dbDir.length - base.length);
  const osRelease = await osReleaseFor(input, rootPrefix);
  // No OSV ecosystem for this distribution (Fedora, CentOS, Amazon, Oracle…): keep the inventory
  // under `rpm:<ID>`, which matches no advisories, rather than guess a wrong feed.
  const ecosystem = osEcosystemFor(osRelease, "rpm") ?? (osRelease?.ID ? `rpm:${osRelease.ID.toLowerCase()}` : "rpm");
  const notes: ExtractNote[] = [];
  const byKey = new Map<string, ExtractedPackage>();
  for (const { hnum, blob } of rows) {
    const h = readHeader(blob);
    if (typeof h === "string") {
      notes.push(note(input, "BULWARK_EXTRACT_PARSE_FAILED", `package header #${hnum} skipped: ${h}`));
      continue;
    }
    // Imported signing keys are stored as pseudo-packages; they are not software.
    if (h.name === "gpg-pubkey") continue;
    const pkg = toPackage(input, h, ecosystem, osRelease);
    const key = `${pkg.name}\u0000${pkg.version}`;
    if (!byKey.has(key)) byKey.set(key, pkg);
  }
  return { packages: [...byKey.values()], notes };
}

/** Installed RPM packages from rpm's sqlite database (`var/lib/rpm/rpmdb.sqlite`, `usr/lib/sysimage/rpm/rpmdb.sqlite`). */
export const rpmExtractor: Extractor = {
  name: "os/rpm",
  description: "RPM installed packages (rpmdb.sqlite; BerkeleyDB/NDB databases are reported, not read)",
  fileRequired(path) {
    const base = baseName(path);
    return (base === "rpmdb.sqlite" || UNSUPPORTED.has(base)) && dbDirOf(path) !== undefined;
  },
  extract,
};
