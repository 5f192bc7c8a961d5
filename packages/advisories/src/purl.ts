import { BulwarkError } from "@bulwark/core";
import { PackageURL } from "packageurl-js";
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

const DEBIAN_CODENAMES: Record<string, string> = {
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

function ubuntuEcosystem(release: string): string {
  const m = /^(\d\d)\.(\d\d)/.exec(release);
  if (!m) return "Ubuntu";
  const lts = m[2] === "04" && Number(m[1]) % 2 === 0;
  return `Ubuntu:${m[1]}.${m[2]}${lts ? ":LTS" : ""}`;
}

/** Map a distro qualifier (`debian-12`, `bookworm`, `alpine-3.20`, `3.20.1`, `rhel-8.6`) to an OSV ecosystem. */
function osEcosystem(type: string, namespace: string, distro: string | undefined): string | undefined {
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
    if (ns === "photon") return withMajor("Photon OS");
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
    return { ecosystem: simple, name: normalizePackageName(simple, name), version };
  }
  if (type === "deb" || type === "apk" || type === "rpm") {
    const eco = osEcosystem(type, ns, p.qualifiers?.distro);
    if (eco === undefined) return undefined;
    const epoch = p.qualifiers?.epoch;
    if (type === "rpm" && epoch && version !== undefined && !version.includes(":")) version = `${epoch}:${version}`;
    return { ecosystem: eco, name: p.name, version };
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
