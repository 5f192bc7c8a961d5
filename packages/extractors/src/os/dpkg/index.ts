import { baseName, dirName, note, noteOnly, osEcosystemFor, osReleaseFor } from "../../shared/index.ts";
import { InstalledPackages } from "../../shared/installed-packages.ts";
import type { ExtractInput, ExtractNote, Extractor, ExtractResult } from "../../types.ts";
import { parseStanzas, type Stanza } from "./stanzas.ts";

const STATUS = "var/lib/dpkg/status";
const STATUS_D = "var/lib/dpkg/status.d";
const DPKG_DIR = "var/lib/dpkg/";

function isStatusFile(path: string): boolean {
  return path === STATUS || path.endsWith(`/${STATUS}`);
}

function isStatusDEntry(path: string): boolean {
  if (baseName(path).endsWith(".md5sums")) return false;
  const dir = dirName(path);
  return dir === STATUS_D || dir.endsWith(`/${STATUS_D}`);
}

// `Status: <want> <error> <state>`: the package's files are on disk only in state `installed`
// (want `install` or `hold`); `deinstall ok config-files` and half-installed states are skipped.
function isInstalled(stanza: Stanza, fromStatusD: boolean): boolean {
  const status = stanza.fields.get("status");
  // Distroless writes one control paragraph per package into status.d without a Status field.
  if (status === undefined) return fromStatusD;
  const [want, flag, state] = status.split(/\s+/);
  return (want === "install" || want === "hold") && flag === "ok" && state === "installed";
}

/** `Source: openssl (3.0.11-1~deb12u2)` or `Source: openssl`; without it the source is the binary itself. */
function sourceOf(stanza: Stanza, name: string, version: string): { sourceName: string; sourceVersion: string } {
  const m = /^(\S+)(?:\s*\(([^)]+)\))?$/.exec(stanza.fields.get("source") ?? "");
  return { sourceName: m?.[1] ?? name, sourceVersion: m?.[2]?.trim() ?? version };
}

async function extract(input: ExtractInput): Promise<ExtractResult> {
  const text = input.text();
  if (text.includes("\u0000"))
    return noteOnly(input, "BULWARK_EXTRACT_PARSE_FAILED", "binary content, not a dpkg status file");
  const fromStatusD = !isStatusFile(input.path);
  const rootPrefix = input.path.slice(0, input.path.lastIndexOf(DPKG_DIR));
  const ecosystem = osEcosystemFor(await osReleaseFor(input, rootPrefix), "deb") ?? "Debian";
  const notes: ExtractNote[] = [];
  const found = new InstalledPackages();
  for (const stanza of parseStanzas(text)) {
    if (stanza.badLine !== undefined) {
      notes.push(
        note(
          input,
          "BULWARK_EXTRACT_PARSE_FAILED",
          "line is neither a field nor a continuation; paragraph skipped",
          stanza.badLine,
        ),
      );
      continue;
    }
    const name = stanza.fields.get("package");
    if (name === undefined || name === "") {
      notes.push(note(input, "BULWARK_EXTRACT_PARSE_FAILED", "paragraph without a Package field skipped", stanza.line));
      continue;
    }
    if (!isInstalled(stanza, fromStatusD)) continue;
    const line = stanza.lines.get("package");
    const version = stanza.fields.get("version");
    if (version === undefined || version === "" || /\s/.test(version)) {
      notes.push(note(input, "BULWARK_EXTRACT_PARSE_FAILED", `installed package ${name} has no valid Version`, line));
      continue;
    }
    found.add({
      ecosystem,
      name,
      version,
      locations: [{ path: input.path, line }],
      ...sourceOf(stanza, name, version),
      qualifiers: { arch: stanza.fields.get("architecture") },
    });
  }
  return { packages: found.packages(), notes };
}

/** Installed Debian/Ubuntu packages from `var/lib/dpkg/status` and distroless `var/lib/dpkg/status.d/*`. */
export const dpkgExtractor: Extractor = {
  name: "os/dpkg",
  description: "Debian/Ubuntu installed packages (var/lib/dpkg/status, distroless status.d)",
  fileRequired: (path) => isStatusFile(path) || isStatusDEntry(path),
  extract,
};
