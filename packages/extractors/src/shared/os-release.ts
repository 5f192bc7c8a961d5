import { DEBIAN_CODENAMES, ubuntuEcosystem } from "@bulwark/versions";
import type { ExtractInput } from "../types.ts";

// os-release(5) and the OSV ecosystem an OS package database belongs to.

/** The package-manager family of an OS package database. */
export type OsFamily = "deb" | "apk" | "rpm";

/**
 * Parse an os-release(5) file: `KEY=value` lines, `#` comments, values optionally quoted
 * (shell-style: `\` escapes `"`, `\`, `$` and `` ` `` outside single quotes). Lines that are not
 * assignments are skipped, as systemd does.
 */
export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split("\n")) {
    const line = raw.replace(/\r$/, "").trim();
    if (line === "" || line.startsWith("#")) continue;
    const eq = line.indexOf("=");
    if (eq <= 0) continue;
    const key = line.slice(0, eq);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) continue;
    out[key] = unquote(line.slice(eq + 1));
  }
  return out;
}

/** Shell-like unquoting of one os-release value (no expansion). */
function unquote(value: string): string {
  let out = "";
  let quote: string | undefined;
  for (let i = 0; i < value.length; i++) {
    const c = value[i] as string;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else out += c;
    } else if (c === "\\" && i + 1 < value.length) {
      const next = value[i + 1] as string;
      // Inside double quotes a backslash only escapes the characters the shell treats specially there.
      if (quote === undefined || '"\\$`'.includes(next)) {
        out += next;
        i++;
      } else out += c;
    } else if (c === quote) quote = undefined;
    else if (quote === undefined && (c === '"' || c === "'")) quote = c;
    else out += c;
  }
  return quote === undefined ? out.trimEnd() : out;
}

const FAMILY_DEFAULT: Readonly<Record<OsFamily, string | undefined>> = {
  deb: "Debian",
  apk: "Alpine",
  // RPM distributions share no advisory feed, so there is no safe default.
  rpm: undefined,
};

const major = (v: string | undefined) => /^(\d+)/.exec(v ?? "")?.[1];
const withSuffix = (base: string, suffix: string | undefined) => (suffix ? `${base}:${suffix}` : base);

function debian(r: Readonly<Record<string, string>>): string {
  // Debian testing/sid images often have no VERSION_ID, only a codename.
  // sid has no numbered release, so its packages match the unsuffixed Debian ecosystem.
  const codename = (r.VERSION_CODENAME ?? "").toLowerCase();
  const fromCodename = codename === "sid" ? undefined : DEBIAN_CODENAMES[codename];
  return withSuffix("Debian", major(r.VERSION_ID) ?? fromCodename);
}

function ubuntu(r: Readonly<Record<string, string>>): string {
  return ubuntuEcosystem(r.VERSION_ID ?? "");
}

function alpine(r: Readonly<Record<string, string>>): string {
  const m = /^(\d+)\.(\d+)/.exec(r.VERSION_ID ?? "");
  return m ? `Alpine:v${m[1]}.${m[2]}` : "Alpine";
}

/** `openEuler:22.03-LTS-SP1` from VERSION_ID `22.03` and VERSION `22.03 (LTS-SP1)`. */
function openEuler(r: Readonly<Record<string, string>>): string {
  const id = r.VERSION_ID;
  if (!id) return "openEuler";
  const tag = /\(([^)]+)\)/
    .exec(r.VERSION ?? "")?.[1]
    ?.trim()
    .replace(/\s+/g, "-");
  return `openEuler:${id}${tag ? `-${tag}` : ""}`;
}

/** `SUSE:Linux Enterprise Server 15 SP5` from PRETTY_NAME `SUSE Linux Enterprise Server 15 SP5`. */
function suse(r: Readonly<Record<string, string>>): string {
  const m = /^SUSE\s+(.+)$/.exec(r.PRETTY_NAME ?? "");
  return withSuffix("SUSE", m?.[1]?.trim());
}

function openSuse(r: Readonly<Record<string, string>>, id: string): string {
  if (id === "opensuse-tumbleweed") return "openSUSE:Tumbleweed";
  if (id === "opensuse-leap" && r.VERSION_ID) return `openSUSE:Leap ${r.VERSION_ID}`;
  return "openSUSE";
}

type Mapper = (r: Readonly<Record<string, string>>, id: string) => string;

// os-release ID -> [family, OSV ecosystem].
const BY_ID: Readonly<Record<string, readonly [OsFamily, Mapper]>> = {
  debian: ["deb", debian],
  ubuntu: ["deb", ubuntu],
  alpine: ["apk", alpine],
  wolfi: ["apk", () => "Wolfi"],
  chainguard: ["apk", () => "Chainguard"],
  alpaquita: ["apk", () => "Alpaquita"],
  minimos: ["apk", () => "MinimOS"],
  almalinux: ["rpm", (r) => withSuffix("AlmaLinux", major(r.VERSION_ID))],
  rocky: ["rpm", (r) => withSuffix("Rocky Linux", major(r.VERSION_ID))],
  rhel: ["rpm", () => "Red Hat"],
  mageia: ["rpm", (r) => withSuffix("Mageia", major(r.VERSION_ID))],
  openeuler: ["rpm", openEuler],
  photon: ["rpm", (r) => withSuffix("Photon OS", r.VERSION_ID)],
  azurelinux: ["rpm", (r) => withSuffix("Azure Linux", major(r.VERSION_ID))],
  mariner: ["rpm", (r) => withSuffix("Azure Linux", major(r.VERSION_ID))],
  sles: ["rpm", suse],
  "sle-micro": ["rpm", suse],
  "opensuse-leap": ["rpm", openSuse],
  "opensuse-tumbleweed": ["rpm", openSuse],
};

/**
 * The OSV ecosystem of the packages in a `family` database on a system with this os-release:
 * `Debian:12`, `Ubuntu:22.04:LTS`, `Alpine:v3.20`, `Wolfi`, `AlmaLinux:9`, `Rocky Linux:9`,
 * `Red Hat`, `openSUSE:Leap 15.5`, `Photon OS:5.0`, `Azure Linux:3`… When os-release is missing,
 * names another family, or names a distribution OSV has no ecosystem for, the family's plain
 * default (`Debian`, `Alpine`) — and `undefined` for RPM, which has none.
 */
export function osEcosystemFor(
  osRelease: Readonly<Record<string, string>> | undefined,
  family: OsFamily,
): string | undefined {
  const id = (osRelease?.ID ?? "").toLowerCase();
  const entry = BY_ID[id];
  if (osRelease === undefined || entry === undefined || entry[0] !== family) return FAMILY_DEFAULT[family];
  return entry[1](osRelease, id);
}

/**
 * The os-release of the system whose package database is `input`. `rootPrefix` is the part of
 * `input.path` before the database's own directories (`""` for a scanned root filesystem,
 * `images/a/` when the rootfs sits inside the scanned tree). The walker's parsed os-release is
 * used for the root itself; otherwise `etc/os-release`, then `usr/lib/os-release`, are read.
 */
export async function osReleaseFor(
  input: Pick<ExtractInput, "readFile" | "context">,
  rootPrefix: string,
): Promise<Readonly<Record<string, string>> | undefined> {
  if (rootPrefix === "" && input.context.osRelease !== undefined) return input.context.osRelease;
  for (const p of ["etc/os-release", "usr/lib/os-release"]) {
    const bytes = await input.readFile(`/${rootPrefix}${p}`);
    if (bytes !== undefined) return parseOsRelease(new TextDecoder().decode(bytes));
  }
  return undefined;
}
