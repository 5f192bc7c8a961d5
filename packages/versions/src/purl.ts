import { BulwarkError } from "@bulwark/core";
import { PackageURL } from "packageurl-js";
import { canonicalBaseName, splitEcosystem } from "./ecosystems.ts";
import { normalizePackageName } from "./names.ts";

/** A package named by a purl, in OSV terms. */
export interface PurlPackage {
  /** OSV ecosystem, with a release suffix when the purl's distro says one (`Debian:12`). */
  readonly ecosystem: string;
  /** OSV package name (`@scope/name`, `group:artifact`, a Go module path). */
  readonly name: string;
  /** Version in the ecosystem's spelling (Go without `v`, RPM with `epoch:`), if the purl has one. */
  readonly version: string | undefined;
}

const SIMPLE_TYPES: Record<string, string> = {
  npm: "npm",
  pypi: "PyPI",
  cargo: "crates.io",
  gem: "RubyGems",
  nuget: "NuGet",
  composer: "Packagist",
  pub: "Pub",
  hex: "Hex",
  cran: "CRAN",
  hackage: "Hackage",
  bitnami: "Bitnami",
  conan: "ConanCenter",
  swift: "SwiftURL",
  githubactions: "GitHub Actions",
  github: "GitHub Actions",
  maven: "Maven",
  golang: "Go",
  opam: "opam",
  julia: "Julia",
};

/** Debian release numbers by codename (`bookworm` → `12`); `sid` stays `sid`. */
export const DEBIAN_CODENAMES: Readonly<Record<string, string>> = {
  wheezy: "7",
  jessie: "8",
  stretch: "9",
  buster: "10",
  bullseye: "11",
  bookworm: "12",
  trixie: "13",
  forky: "14",
  sid: "sid",
};

const UBUNTU_CODENAMES: Record<string, string> = {
  trusty: "14.04",
  xenial: "16.04",
  bionic: "18.04",
  focal: "20.04",
  jammy: "22.04",
  noble: "24.04",
  oracular: "24.10",
  plucky: "25.04",
  questing: "25.10",
};

/** OSV's Ubuntu ecosystem for a release: `Ubuntu:22.04:LTS` for even-year April releases, `Ubuntu:23.10` otherwise. */
export function ubuntuEcosystem(release: string): string {
  const m = /^(\d\d)\.(\d\d)/.exec(release);
  if (!m) return "Ubuntu";
  const lts = m[2] === "04" && Number(m[1]) % 2 === 0;
  return `Ubuntu:${m[1]}.${m[2]}${lts ? ":LTS" : ""}`;
}

/**
 * Map an OS purl's type (`deb`, `apk`, `rpm`), namespace (`debian`, `alpine`, `almalinux`…) and distro
 * qualifier (`debian-12`, `bookworm`, `alpine-3.20`, `3.20.1`, `rhel-8.6`) to an OSV ecosystem.
 */
export function osEcosystem(type: string, namespace: string, distro: string | undefined): string | undefined {
  const ns = namespace.toLowerCase();
  const d = (distro ?? "").toLowerCase();
  const release = d.replace(/^[a-z]+-/, "");
  if (type === "deb") {
    if (ns === "debian") {
      const named = DEBIAN_CODENAMES[d] ?? DEBIAN_CODENAMES[release];
      if (named) return `Debian:${named}`;
      const major = /^(\d+)/.exec(release)?.[1];
      return major ? `Debian:${major}` : "Debian";
    }
    if (ns === "ubuntu") return ubuntuEcosystem(UBUNTU_CODENAMES[d] ?? UBUNTU_CODENAMES[release] ?? release);
    return undefined;
  }
  if (type === "apk") {
    if (ns === "alpine") {
      const m = /^v?(\d+)\.(\d+)/.exec(release);
      return m ? `Alpine:v${m[1]}.${m[2]}` : "Alpine";
    }
    if (ns === "wolfi") return "Wolfi";
    if (ns === "chainguard") return "Chainguard";
    if (ns === "alpaquita") return "Alpaquita";
    if (ns === "minimos") return "MinimOS";
    return undefined;
  }
  if (type === "rpm") {
    const major = /^(\d+)/.exec(release)?.[1];
    const withMajor = (eco: string) => (major ? `${eco}:${major}` : eco);
    if (ns === "almalinux") return withMajor("AlmaLinux");
    if (ns === "rocky" || ns === "rocky-linux") return withMajor("Rocky Linux");
    if (ns === "mageia") return withMajor("Mageia");
    if (ns === "redhat") return "Red Hat";
    if (ns === "suse" || ns === "sles") return "SUSE";
    if (ns === "opensuse") return "openSUSE";
    if (ns === "openeuler") return "openEuler";
    if (ns === "azurelinux" || ns === "mariner") return "Azure Linux";
    if (ns === "photon") {
      // Photon OS advisories name releases with their minor version (`Photon OS:4.0`).
      const m = /^(\d+\.\d+)/.exec(release);
      return m ? `Photon OS:${m[1]}` : withMajor("Photon OS");
    }
    return undefined;
  }
  return undefined;
}

/**
 * Map a package URL to an OSV (ecosystem, name, version). Returns `undefined` for a
 * purl that cannot be parsed or whose type has no OSV ecosystem; use
 * {@link purlToPackageOrThrow} for a coded error instead.
 */
export function purlToPackage(purl: string): PurlPackage | undefined {
  const mapped = purlToSpelledPackage(purl);
  return mapped === undefined ? undefined : { ecosystem: mapped.ecosystem, name: mapped.name, version: mapped.version };
}

/** A {@link PurlPackage} that also keeps the name as the purl spells it (before OSV's folding). */
export interface SpelledPurlPackage extends PurlPackage {
  /** The name as written (`Django`, `Foo.Bar`), where {@link PurlPackage.name} is folded for comparison. */
  readonly spelledName: string;
}

/**
 * Like {@link purlToPackage}, also giving the name as the purl spells it: inventories keep a
 * registry's spelling, and this saves them parsing the purl a second time.
 */
export function purlToSpelledPackage(purl: string): SpelledPurlPackage | undefined {
  let p: PackageURL;
  try {
    p = PackageURL.fromString(purl.trim());
  } catch {
    return undefined;
  }
  const type = p.type.toLowerCase();
  const ns = p.namespace ?? "";
  let version = p.version ?? undefined;
  const simple = SIMPLE_TYPES[type];
  if (simple !== undefined) {
    let name: string;
    if (type === "maven") name = ns ? `${ns}:${p.name}` : p.name;
    else if (type === "golang") {
      name = ns ? `${ns}/${p.name}` : p.name;
      // OSV's Go records carry versions without the `v` prefix that Go and purls use.
      if (version !== undefined) version = version.replace(/^v/, "");
    } else if (type === "swift") name = ns ? `${ns}/${p.name}` : p.name;
    else name = ns ? `${ns}/${p.name}` : p.name;
    return { ecosystem: simple, name: normalizePackageName(simple, name), version, spelledName: name };
  }
  if (type === "deb" || type === "apk" || type === "rpm") {
    const eco = osEcosystem(type, ns, p.qualifiers?.distro);
    if (eco === undefined) return undefined;
    const epoch = p.qualifiers?.epoch;
    if (type === "rpm" && epoch && version !== undefined && !version.includes(":")) version = `${epoch}:${version}`;
    return { ecosystem: eco, name: p.name, version, spelledName: p.name };
  }
  return undefined;
}

/** Like {@link purlToPackage}, but a bad purl is a `BULWARK_PURL_INVALID` error. */
export function purlToPackageOrThrow(purl: string): PurlPackage {
  const pkg = purlToPackage(purl);
  if (pkg === undefined) {
    throw new BulwarkError("BULWARK_PURL_INVALID", `cannot map purl ${JSON.stringify(purl)} to an OSV package`, {
      details: { purl },
    });
  }
  return pkg;
}

/** Extra purl qualifiers an extractor knows (OS packages: `arch`, `distro`, `epoch`; Maven: `type`, `classifier`). */
export type PurlQualifiers = Readonly<Record<string, string | undefined>>;

const PURL_TYPES: Record<string, string> = Object.fromEntries(
  Object.entries(SIMPLE_TYPES)
    .filter(([type]) => type !== "github")
    .map(([type, eco]) => [eco, type]),
);
// Ecosystems with no OSV records that extractors still inventory.
PURL_TYPES.CocoaPods = "cocoapods";

// OS ecosystems: OSV base name -> [purl type, purl namespace, distro qualifier prefix].
const OS_TYPES: Record<string, readonly [string, string, string]> = {
  Debian: ["deb", "debian", "debian"],
  Ubuntu: ["deb", "ubuntu", "ubuntu"],
  Alpine: ["apk", "alpine", "alpine"],
  Wolfi: ["apk", "wolfi", "wolfi"],
  Chainguard: ["apk", "chainguard", "chainguard"],
  Alpaquita: ["apk", "alpaquita", "alpaquita"],
  MinimOS: ["apk", "minimos", "minimos"],
  AlmaLinux: ["rpm", "almalinux", "almalinux"],
  "Rocky Linux": ["rpm", "rocky", "rocky"],
  Mageia: ["rpm", "mageia", "mageia"],
  "Red Hat": ["rpm", "redhat", "rhel"],
  SUSE: ["rpm", "suse", "sles"],
  openSUSE: ["rpm", "opensuse", "opensuse"],
  openEuler: ["rpm", "openeuler", "openeuler"],
  "Azure Linux": ["rpm", "azurelinux", "azurelinux"],
  "Photon OS": ["rpm", "photon", "photon"],
};

function splitLast(name: string, sep: string): [string | undefined, string] {
  const i = name.lastIndexOf(sep);
  return i < 0 ? [undefined, name] : [name.slice(0, i), name.slice(i + 1)];
}

function cleanQualifiers(q: PurlQualifiers | undefined): Record<string, string> | undefined {
  if (q === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== "") out[k] = v;
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * Build the package URL for a package named in OSV terms, the inverse of {@link purlToPackage}:
 * `npm`/`@scope/x` -> `pkg:npm/%40scope/x@1.0.0`, `Go`/`golang.org/x/net` 0.1.0 ->
 * `pkg:golang/golang.org/x/net@v0.1.0`, `Debian:12`/`openssl` -> `pkg:deb/debian/openssl@…?distro=debian-12`.
 * Returns `undefined` for an ecosystem that has no purl type.
 */
export function packageToPurl(
  ecosystem: string,
  name: string,
  version: string | undefined,
  qualifiers?: PurlQualifiers,
): string | undefined {
  if (ecosystem === "npm" && qualifiers === undefined) {
    const fast = plainNpmPurl(name, version);
    if (fast !== undefined) return fast;
  }
  try {
    return buildPurl(ecosystem, name, version, qualifiers);
  } catch {
    // packageurl-js rejects what the purl spec forbids (an empty name, a bad qualifier key):
    // such a package simply has no purl.
    return undefined;
  }
}

// Names and versions made only of characters that purl encoding leaves as they are.
const PLAIN_NPM_NAME = /^(?:@([a-z0-9][a-z0-9._~-]*)\/)?([a-z0-9][a-z0-9._~-]*)$/;
const PLAIN_VERSION = /^[A-Za-z0-9._~+-]+$/;

/**
 * The purl of an npm package whose name is lower-case and needs no escaping, built as a string:
 * the same text packageurl-js produces (a test checks), without its per-call validation, which
 * dominates extracting a 50,000-package lockfile.
 */
function plainNpmPurl(name: string, version: string | undefined): string | undefined {
  const m = PLAIN_NPM_NAME.exec(name);
  if (m === null || (version !== undefined && !PLAIN_VERSION.test(version))) return undefined;
  const at = version === undefined ? "" : `@${version}`;
  return m[1] === undefined ? `pkg:npm/${m[2]}${at}` : `pkg:npm/%40${m[1]}/${m[2]}${at}`;
}

function buildPurl(
  ecosystem: string,
  name: string,
  version: string | undefined,
  qualifiers?: PurlQualifiers,
): string | undefined {
  const base = canonicalBaseName(ecosystem);
  const os = OS_TYPES[base];
  if (os !== undefined) {
    const [type, namespace, distroPrefix] = os;
    const release = splitEcosystem(ecosystem.trim()).suffix?.replace(/^v/, "").replace(/:LTS$/, "");
    const q: Record<string, string | undefined> = { ...qualifiers };
    if (q.distro === undefined && release) q.distro = `${distroPrefix}-${release}`;
    let v = version;
    if (type === "rpm" && v !== undefined) {
      // purl carries the RPM epoch as a qualifier, not inside the version.
      const m = /^(\d+):(.+)$/.exec(v);
      if (m) {
        v = m[2];
        if (m[1] !== "0" && q.epoch === undefined) q.epoch = m[1];
      }
    }
    return new PackageURL(type, namespace, name, v, cleanQualifiers(q), undefined).toString();
  }
  const type = PURL_TYPES[base];
  if (type === undefined) return undefined;
  let namespace: string | undefined;
  let pkgName = name;
  let v = version;
  switch (type) {
    case "maven":
      [namespace, pkgName] = splitLast(name.replace("/", ":"), ":");
      break;
    case "golang":
      [namespace, pkgName] = splitLast(name, "/");
      if (v !== undefined && !v.startsWith("v")) v = `v${v}`;
      break;
    case "pypi":
      pkgName = name.toLowerCase().replace(/[-_.]+/g, "-");
      break;
    case "npm":
    case "composer":
    case "swift":
    case "githubactions":
    case "conan":
      [namespace, pkgName] = splitLast(name, "/");
      break;
    default:
      break;
  }
  return new PackageURL(type, namespace, pkgName, v, cleanQualifiers(qualifiers), undefined).toString();
}
