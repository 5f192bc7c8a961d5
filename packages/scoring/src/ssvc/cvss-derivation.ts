import type { Automatable, CvssMetrics, CvssVersion, TechnicalImpact } from "./types.ts";

/** Reads "2.0", "3.0", "3.1", "4.0" (a leading `CVSS:` is tolerated); anything else is unsupported. */
export function cvssVersionOf(version: string): CvssVersion | undefined {
  const bare = version.trim().replace(/^CVSS:/i, "");
  return bare === "2.0" || bare === "3.0" || bare === "3.1" || bare === "4.0" ? bare : undefined;
}

// The value that applies: an environmental Modified metric (MAV, MC, MVC, …) overrides its base metric unless "X".
function effective(metrics: CvssMetrics, name: string): string | undefined {
  const modified = metrics[`M${name}`];
  if (modified !== undefined && modified !== "X") return modified;
  return metrics[name];
}

// True/false when every named metric is known, undefined when one is missing.
function allEqual(metrics: CvssMetrics, wanted: Readonly<Record<string, string>>): boolean | undefined {
  let all = true;
  for (const [name, value] of Object.entries(wanted)) {
    const actual = effective(metrics, name);
    if (actual === undefined) return undefined;
    if (actual !== value) all = false;
  }
  return all;
}

const REMOTE_UNATTENDED: Readonly<Record<"2" | "3" | "4", Readonly<Record<string, string>>>> = {
  "2": { AV: "N", AC: "L", Au: "N" },
  "3": { AV: "N", AC: "L", PR: "N", UI: "N" },
  "4": { AV: "N", AC: "L", AT: "N", PR: "N", UI: "N" },
};

const FULL_CONTROL: Readonly<Record<"2" | "3" | "4", Readonly<Record<string, string>>>> = {
  "2": { C: "C", I: "C" },
  "3": { C: "H", I: "H" },
  "4": { VC: "H", VI: "H" },
};

/**
 * SSVC Automatable from a CVSS vector. A heuristic: CVSS does not say whether kill-chain
 * steps 1-4 can be reliably automated, only whether the attack is remote and needs nothing
 * from anyone. `yes` when the attack is over the network, low complexity, with no
 * privileges and no user interaction (v3: AV:N AC:L PR:N UI:N; v4 adds AT:N; v2: AV:N AC:L Au:N,
 * v2 having no UI metric). CVSS v4's supplemental Automatable metric (AU:Y / AU:N) is the
 * same question answered by the scorer, so it wins when present. Modified (environmental)
 * metrics override base ones. `undefined` when the version is unsupported or a needed metric is missing.
 */
export function automatableFromCvss(metrics: CvssMetrics, version: string): Automatable | undefined {
  const major = cvssVersionOf(version)?.charAt(0) as "2" | "3" | "4" | undefined;
  if (major === undefined) return undefined;
  if (major === "4" && (metrics.AU === "Y" || metrics.AU === "N")) return metrics.AU === "Y" ? "yes" : "no";
  const remote = allEqual(metrics, REMOTE_UNATTENDED[major]);
  return remote === undefined ? undefined : remote ? "yes" : "no";
}

/**
 * SSVC Technical Impact from a CVSS vector. SSVC's `total` is total control of the vulnerable
 * component or total disclosure of its information; Bulwark reads that as high confidentiality
 * and high integrity impact on the vulnerable system (v3: C:H I:H; v4: VC:H VI:H, subsequent
 * systems ignored; v2: C:C I:C). Availability is ignored: denial of service is neither control
 * nor disclosure. Confidentiality alone stays `partial` because CVSS also gives C:H for
 * "some restricted information". A heuristic, like `automatableFromCvss`.
 * `undefined` when the version is unsupported or a needed metric is missing.
 */
export function technicalImpactFromCvss(metrics: CvssMetrics, version: string): TechnicalImpact | undefined {
  const major = cvssVersionOf(version)?.charAt(0) as "2" | "3" | "4" | undefined;
  if (major === undefined) return undefined;
  const full = allEqual(metrics, FULL_CONTROL[major]);
  return full === undefined ? undefined : full ? "total" : "partial";
}
