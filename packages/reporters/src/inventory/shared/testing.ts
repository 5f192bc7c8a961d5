// Test-only inventories and options shared by the writers' tests; production code never imports this.
import type { ExtractedPackage, Inventory, Relation, Scope } from "@bulwark/extractors";
import { type PurlQualifiers, packageToPurl } from "@bulwark/versions";
import type { RenderOptions } from "../types.ts";

/** Fixed clock and ids: every writer's output is compared byte for byte. */
export const OPTIONS: RenderOptions = {
  toolName: "bulwark",
  toolVersion: "0.1.0",
  now: new Date("2025-03-04T05:06:07.089Z"),
  uuid: () => "0f8fad5b-d9cb-469f-a165-70867728950e",
};

interface Fields {
  ecosystem: string;
  name: string;
  version: string;
  path: string;
  line?: number;
  relation?: Relation;
  scope?: Scope;
  layer?: string;
  sourceName?: string;
  sourceVersion?: string;
  qualifiers?: PurlQualifiers;
  purl?: string | null;
}

// Built the way the extractors' makePackage builds them: purl from ecosystem, name, version.
function pkg(f: Fields): ExtractedPackage {
  const { path, line, qualifiers, purl, ...rest } = f;
  const out: Record<string, unknown> = {
    ...rest,
    purl: purl === null ? undefined : (purl ?? packageToPurl(f.ecosystem, f.name, f.version, qualifiers)),
    locations: [line === undefined ? { path } : { path, line }],
  };
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out as unknown as ExtractedPackage;
}

const BASE_LAYER = "sha256:8a1a1a0f2e4b4f5c6d7e8f90112233445566778899aabbccddeeff0011223344";
const APP_LAYER = "sha256:1f2e3d4c5b6a79880112233445566778899aabbccddeeff00112233445566778";
const DPKG = "var/lib/dpkg/status";
const LOCK = "app/package-lock.json";

/**
 * A scan of a Debian 12 based Node.js image: OS packages with their source packages, an npm
 * lockfile with direct/transitive/dev/optional entries, and lockfiles of several other ecosystems
 * copied into the image, plus the notes such a scan produces. Package names and versions are real.
 */
export const IMAGE_INVENTORY: Inventory = {
  sources: [
    {
      kind: "image",
      path: "registry.example.com/shop/api:1.4.2",
      image: {
        tags: ["registry.example.com/shop/api:1.4.2", "registry.example.com/shop/api:latest"],
        id: "sha256:3f57d9401f8d42f986df300f0c69192fc41da28ccc8d797829467780db3dd741",
        os: "linux",
        architecture: "amd64",
        layers: [BASE_LAYER, APP_LAYER],
      },
    },
  ],
  packages: [
    pkg({
      ecosystem: "npm",
      name: "lodash",
      version: "4.17.21",
      path: LOCK,
      line: 412,
      relation: "direct",
      layer: APP_LAYER,
    }),
    pkg({
      ecosystem: "npm",
      name: "@babel/core",
      version: "7.23.2",
      path: LOCK,
      line: 35,
      relation: "direct",
      scope: "dev",
      layer: APP_LAYER,
    }),
    pkg({
      ecosystem: "npm",
      name: "express",
      version: "4.18.2",
      path: LOCK,
      line: 210,
      relation: "direct",
      layer: APP_LAYER,
    }),
    pkg({
      ecosystem: "npm",
      name: "fsevents",
      version: "2.3.3",
      path: LOCK,
      line: 260,
      relation: "transitive",
      scope: "optional",
      layer: APP_LAYER,
    }),
    pkg({
      ecosystem: "npm",
      name: "body-parser",
      version: "1.20.1",
      path: LOCK,
      line: 98,
      relation: "transitive",
      layer: APP_LAYER,
    }),
    pkg({
      ecosystem: "Debian:12",
      name: "libssl3",
      version: "3.0.11-1~deb12u2",
      path: DPKG,
      line: 1204,
      sourceName: "openssl",
      sourceVersion: "3.0.11-1~deb12u2",
      layer: BASE_LAYER,
      qualifiers: { arch: "amd64" },
    }),
    pkg({
      ecosystem: "Debian:12",
      name: "zlib1g",
      version: "1:1.2.13.dfsg-1",
      path: DPKG,
      line: 2310,
      sourceName: "zlib",
      layer: BASE_LAYER,
      qualifiers: { arch: "amd64" },
    }),
    pkg({
      ecosystem: "Debian:12",
      name: "bash",
      version: "5.2.15-2+b2",
      path: DPKG,
      line: 88,
      sourceName: "bash",
      sourceVersion: "5.2.15-2",
      layer: BASE_LAYER,
      qualifiers: { arch: "amd64" },
    }),
    pkg({
      ecosystem: "Debian:12",
      name: "libc6",
      version: "2.36-9+deb12u3",
      path: DPKG,
      line: 640,
      sourceName: "glibc",
      layer: BASE_LAYER,
      qualifiers: { arch: "amd64" },
    }),
    pkg({
      ecosystem: "PyPI",
      name: "Django",
      version: "4.2.7",
      path: "srv/tools/requirements.txt",
      line: 3,
      relation: "direct",
      layer: APP_LAYER,
    }),
    pkg({
      ecosystem: "PyPI",
      name: "requests",
      version: "2.31.0",
      path: "srv/tools/requirements.txt",
      line: 7,
      relation: "direct",
      layer: APP_LAYER,
    }),
    pkg({
      ecosystem: "Go",
      name: "golang.org/x/net",
      version: "0.17.0",
      path: "srv/proxy/go.mod",
      line: 9,
      relation: "direct",
      layer: APP_LAYER,
    }),
    pkg({
      ecosystem: "Maven",
      name: "org.apache.logging.log4j:log4j-core",
      version: "2.14.1",
      path: "srv/legacy/pom.xml",
      line: 41,
      relation: "direct",
      layer: APP_LAYER,
    }),
    pkg({
      ecosystem: "crates.io",
      name: "serde",
      version: "1.0.190",
      path: "srv/agent/Cargo.lock",
      line: 120,
      layer: APP_LAYER,
    }),
    pkg({
      ecosystem: "RubyGems",
      name: "nokogiri",
      version: "1.15.4",
      path: "srv/docs/Gemfile.lock",
      line: 52,
      layer: APP_LAYER,
    }),
    pkg({
      ecosystem: "Packagist",
      name: "monolog/monolog",
      version: "3.5.0",
      path: "srv/php/composer.lock",
      line: 17,
      relation: "direct",
      layer: APP_LAYER,
    }),
    pkg({
      ecosystem: "NuGet",
      name: "Newtonsoft.Json",
      version: "13.0.3",
      path: "srv/dotnet/packages.lock.json",
      line: 6,
      relation: "direct",
      layer: APP_LAYER,
    }),
  ],
  notes: [
    {
      code: "BULWARK_EXTRACT_UNPINNED",
      path: "srv/tools/requirements.txt",
      line: 9,
      message: "flask>=2.0 has no exact version",
    },
    { code: "BULWARK_EXTRACT_PARSE_FAILED", path: "srv/broken/yarn.lock", message: "unexpected token at line 4" },
  ],
};

/**
 * A directory scan whose names, versions and paths carry characters each format must escape or
 * sanitise (XML specials, quotes, spaces, non-ASCII, a newline), a package of an ecosystem with no
 * purl type, the same package listed twice, and an explicit `prod` scope.
 */
export const AWKWARD_INVENTORY: Inventory = {
  sources: [{ kind: "directory", path: 'work/my <shop> & "café"' }],
  packages: [
    pkg({
      ecosystem: "npm",
      name: "@scope/a&b<c>",
      version: "1.0.0-beta+exp.sha.5114f85",
      path: "dir with space/package-lock.json",
      line: 3,
      relation: "direct",
      scope: "prod",
    }),
    pkg({
      ecosystem: "npm",
      name: "left-pad",
      version: "1.3.0",
      path: "a/package-lock.json",
      line: 10,
      relation: "direct",
    }),
    pkg({
      ecosystem: "npm",
      name: "left-pad",
      version: "1.3.0",
      path: "b/package-lock.json",
      line: 12,
      relation: "transitive",
    }),
    pkg({
      ecosystem: "PyPI",
      name: "zope.interface",
      version: "6.1",
      path: "requirements.txt",
      line: 1,
      relation: "direct",
    }),
    pkg({ ecosystem: "Maven", name: "com.example:naïve's-lib", version: "1.0 RC'1\"", path: "pom.xml" }),
    pkg({ ecosystem: "Hackage-like", name: "weird\nname", version: "0.1", path: "custom.lock", line: 2, purl: null }),
    pkg({
      ecosystem: "Go",
      name: "github.com/Azure/azure-sdk-for-go/sdk/azcore",
      version: "1.9.0-beta.1",
      path: "go.mod",
      line: 5,
      relation: "direct",
    }),
  ],
  notes: [{ code: "BULWARK_EXTRACT_PARSE_FAILED", path: "bad <file>.json", message: "Unexpected token '<' & more" }],
};

/** Nothing found anywhere. */
export const EMPTY_INVENTORY: Inventory = { sources: [], packages: [], notes: [] };

/** Every test inventory, for checks that must hold for all of them. */
export const ALL_INVENTORIES: Readonly<Record<string, Inventory>> = {
  image: IMAGE_INVENTORY,
  awkward: AWKWARD_INVENTORY,
  empty: EMPTY_INVENTORY,
};

/** The same inventory with its packages, their locations and its notes in reverse order. */
export function reversed(inv: Inventory): Inventory {
  return {
    sources: inv.sources,
    packages: [...inv.packages].reverse().map((p) => ({ ...p, locations: [...p.locations].reverse() })),
    notes: [...inv.notes].reverse(),
  };
}
