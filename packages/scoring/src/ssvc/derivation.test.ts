import { readFileSync } from "node:fs";
import { join } from "node:path";
import { dataPath, hasSharedData } from "@bulwark/core/testing";
import { describe, expect, it } from "vitest";
import { assessSsvc } from "./assess.ts";
import { automatableFromCvss, cvssVersionOf, technicalImpactFromCvss } from "./cvss-derivation.ts";
import { DEFAULT_EPSS_POC_THRESHOLD, exploitationFrom, exploitEvidenceInReferences } from "./exploitation.ts";
import { parseMissionWellbeing } from "./mission.ts";
import { vectorForTests } from "./testing.ts";
import type { CvssInput } from "./types.ts";

interface Excerpt {
  id: string;
  aliases?: string[];
  severity: { type: string; score: string }[];
  references: { type: string; url: string }[];
}

const EXCERPTS: Excerpt[] = JSON.parse(
  readFileSync(join(import.meta.dirname, "fixtures", "osv-excerpts.json"), "utf8"),
);

function record(id: string): Excerpt {
  const found = EXCERPTS.find((r) => r.id === id);
  if (found === undefined) throw new Error(`no fixture record ${id}`);
  return found;
}

function cvssOf(id: string): CvssInput[] {
  return record(id).severity.map((s) => vectorForTests(s.score));
}

function derived(id: string): [string | undefined, string | undefined] {
  const [cvss] = cvssOf(id);
  if (cvss === undefined) throw new Error(`no CVSS in ${id}`);
  return [automatableFromCvss(cvss.metrics, cvss.version), technicalImpactFromCvss(cvss.metrics, cvss.version)];
}

describe("automatable / technical impact from real OSV vectors", () => {
  it("reads unauthenticated network RCE (CVSS 3.1 9.8) as automatable, total", () => {
    expect(derived("BIT-activemq-2023-46604")).toEqual(["yes", "total"]);
    expect(derived("PYSEC-2022-43056")).toEqual(["yes", "total"]);
  });

  it("needs no user interaction for automatable (CVSS 3.0 UI:R, availability only)", () => {
    expect(derived("PYSEC-2018-117")).toEqual(["no", "partial"]);
  });

  it("keeps confidentiality-only impact partial", () => {
    expect(derived("RUSTSEC-2019-0023")).toEqual(["yes", "partial"]);
  });

  it("reads CVSS 4.0 base metrics when AU is absent", () => {
    expect(derived("RUSTSEC-2026-0071")).toEqual(["yes", "total"]);
  });

  it("lets the CVSS 4.0 supplemental AU metric win over the heuristic, both ways", () => {
    // AT:P and PR:H would say "no"; the scorer said AU:Y.
    expect(derived("BIT-activemq-2025-27533")).toEqual(["yes", "partial"]);
    // AV:N AC:L AT:N PR:N UI:N would say "yes"; the scorer said AU:N.
    expect(derived("BIT-python-2024-8088")).toEqual(["no", "partial"]);
  });

  it("honours modified (environmental) metrics over base ones", () => {
    const { metrics, version } = vectorForTests("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/MAV:L/MI:L");
    expect(automatableFromCvss(metrics, version)).toBe("no");
    expect(technicalImpactFromCvss(metrics, version)).toBe("partial");
    const x = vectorForTests("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/MAV:X/MC:X");
    expect(automatableFromCvss(x.metrics, x.version)).toBe("yes");
    expect(technicalImpactFromCvss(x.metrics, x.version)).toBe("total");
  });

  it("reads CVSS v2 (Au, C:C/I:C)", () => {
    const full = vectorForTests("AV:N/AC:L/Au:N/C:C/I:C/A:C");
    expect(automatableFromCvss(full.metrics, full.version)).toBe("yes");
    expect(technicalImpactFromCvss(full.metrics, full.version)).toBe("total");
    const partial = vectorForTests("AV:N/AC:M/Au:N/C:P/I:P/A:P");
    expect(automatableFromCvss(partial.metrics, partial.version)).toBe("no");
    expect(technicalImpactFromCvss(partial.metrics, partial.version)).toBe("partial");
  });

  it("answers undefined for unknown versions and missing metrics", () => {
    expect(automatableFromCvss({ AV: "N", AC: "L", PR: "N", UI: "N" }, "5.0")).toBeUndefined();
    expect(automatableFromCvss({ AV: "N", AC: "L", PR: "N" }, "3.1")).toBeUndefined();
    expect(technicalImpactFromCvss({ C: "H" }, "3.1")).toBeUndefined();
    expect(technicalImpactFromCvss({ VC: "H", VI: "H" }, "CVSS:4.0")).toBe("total");
    expect(cvssVersionOf(" 3.1 ")).toBe("3.1");
    expect(cvssVersionOf("3")).toBeUndefined();
  });
});

describe.skipIf(!hasSharedData)("derivation over every CVSS test vector in ../shared/data/cvss", () => {
  function vectors(...parts: string[]): CvssInput[] {
    return readFileSync(dataPath("cvss", ...parts), "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => vectorForTests(line.split(" - ")[0]?.trim() ?? ""));
  }

  // The simple files enumerate every base-metric combination, so the expected counts follow by multiplication.
  it.each([
    ["v2.0", "vectors_simple2", 729, 27, 81], // 27 = C·I·A choices; 81 = AV·AC·Au·A choices
    ["v3.0", "vectors_simple3", 2592, 54, 288], // 54 = S·C·I·A; 288 = AV·AC·PR·UI·S·A
    ["v3.1", "vectors_simple31", 2592, 54, 288],
  ])("%s/%s: %i vectors, %i automatable, %i total", (dir, file, count, automatable, total) => {
    const all = vectors(dir, file);
    expect(all).toHaveLength(count);
    const a = all.map((v) => automatableFromCvss(v.metrics, v.version));
    const t = all.map((v) => technicalImpactFromCvss(v.metrics, v.version));
    expect(a.filter((x) => x === undefined)).toHaveLength(0);
    expect(t.filter((x) => x === undefined)).toHaveLength(0);
    expect(a.filter((x) => x === "yes")).toHaveLength(automatable);
    expect(t.filter((x) => x === "total")).toHaveLength(total);
  });

  it("answers every CVSS v4.0 vector, and AU:Y/AU:N decide automatable", () => {
    for (const file of ["vectors_simple4", "vectors_supplemental4", "vectors_security4", "vectors_threat4"]) {
      for (const v of vectors("v4.0", file)) {
        const automatable = automatableFromCvss(v.metrics, v.version);
        expect(automatable, file).toBeDefined();
        expect(technicalImpactFromCvss(v.metrics, v.version), file).toBeDefined();
        if (v.metrics.AU === "Y") expect(automatable).toBe("yes");
        if (v.metrics.AU === "N") expect(automatable).toBe("no");
      }
    }
  });
});

describe("exploitation", () => {
  it("KEV wins, then record evidence or EPSS, else none", () => {
    expect(exploitationFrom({ inKev: true })).toBe("active");
    expect(exploitationFrom({ inKev: true, epss: { probability: 0, percentile: 0 } })).toBe("active");
    expect(exploitationFrom({ inKev: false, recordEvidence: true })).toBe("public-poc");
    expect(exploitationFrom({ inKev: false, epss: { probability: 0.94358, percentile: 0.99956 } })).toBe("public-poc");
    expect(exploitationFrom({ inKev: false, epss: { probability: 0.00043, percentile: 0.1 } })).toBe("none");
    expect(exploitationFrom({ inKev: false })).toBe("none");
  });

  it("uses the EPSS threshold inclusively and lets callers change it", () => {
    const at = { probability: DEFAULT_EPSS_POC_THRESHOLD, percentile: 0.9 };
    expect(exploitationFrom({ inKev: false, epss: at })).toBe("public-poc");
    expect(exploitationFrom({ inKev: false, epss: { probability: 0.0999, percentile: 0.9 } })).toBe("none");
    expect(exploitationFrom({ inKev: false, epss: at, epssThreshold: 0.5 })).toBe("none");
    expect(exploitationFrom({ inKev: false, epss: { probability: Number.NaN, percentile: 0 } })).toBe("none");
  });

  it("finds exploit evidence in real OSV references", () => {
    expect(exploitEvidenceInReferences(record("BIT-activemq-2023-46604").references)).toBe(true); // Packet Storm
    expect(exploitEvidenceInReferences(record("BIT-php-2024-4577").references)).toBe(true);
    expect(exploitEvidenceInReferences(record("PYSEC-2018-117").references)).toBe(true); // EVIDENCE
    expect(exploitEvidenceInReferences(record("PYSEC-2022-43056").references)).toBe(true); // EVIDENCE
    expect(exploitEvidenceInReferences(record("BIT-activemq-2025-27533").references)).toBe(false);
    expect(exploitEvidenceInReferences(record("BIT-python-2024-8088").references)).toBe(false);
    expect(exploitEvidenceInReferences(record("RUSTSEC-2026-0071").references)).toBe(false);
    expect(exploitEvidenceInReferences(record("RUSTSEC-2019-0023").references)).toBe(false);
  });

  it("recognises each URL rule on its own (URLs from real OSV records)", () => {
    const one = (url: string, type = "WEB") => exploitEvidenceInReferences([{ type, url }]);
    expect(one("https://github.com/rapid7/metasploit-framework/pull/19247")).toBe(true);
    expect(one("https://github.com/watchtowrlabs/CVE-2024-4577")).toBe(true);
    expect(one("https://github.com/xcanwin/CVE-2024-4577-PHP-RCE")).toBe(true);
    expect(one("https://github.com/TeamSeri0us/pocs/tree/master/exiv2/20181206")).toBe(true);
    expect(one("https://www.exploit-db.com/exploits/52491")).toBe(true); // BIT-grafana-2025-4123
    expect(one("https://github.com/php/php-src/security/advisories/GHSA-3qgc-jrrr-25jv")).toBe(false);
    expect(one("https://labs.watchtowr.com/no-way-php-strikes-again-cve-2024-4577/")).toBe(false);
    expect(one("https://github.com/Exiv2/exiv2/issues/590", "EVIDENCE")).toBe(true);
    expect(one("not a url")).toBe(false);
    expect(exploitEvidenceInReferences(undefined)).toBe(false);
  });
});

describe("mission and well-being", () => {
  it("defaults to medium and rejects unknown values", () => {
    expect(parseMissionWellbeing(undefined)).toBe("medium");
    expect(parseMissionWellbeing("HIGH")).toBe("high");
    expect(parseMissionWellbeing("low")).toBe("low");
    expect(parseMissionWellbeing("critical")).toBeUndefined();
  });
});

describe("assessSsvc", () => {
  it("decides Act for Apache ActiveMQ CVE-2023-46604 (in KEV, network RCE)", () => {
    expect(assessSsvc({ inKev: true, cvss: cvssOf("BIT-activemq-2023-46604") })).toEqual({
      exploitation: "active",
      automatable: "yes",
      technicalImpact: "total",
      missionWellbeing: "medium",
      decision: "Act",
      assumed: [],
    });
  });

  it("decides Track for RUSTSEC-2019-0023 at medium mission and Attend at high", () => {
    const cvss = cvssOf("RUSTSEC-2019-0023");
    expect(assessSsvc({ inKev: false, cvss }).decision).toBe("Track");
    expect(assessSsvc({ inKev: false, cvss, missionWellbeing: "high" }).decision).toBe("Attend");
  });

  it("uses record evidence: PYSEC-2022-43056 is public PoC, automatable, total → Track*", () => {
    const r = record("PYSEC-2022-43056");
    const result = assessSsvc({
      inKev: false,
      recordEvidence: exploitEvidenceInReferences(r.references),
      cvss: cvssOf(r.id),
    });
    expect(result.exploitation).toBe("public-poc");
    expect(result.decision).toBe("Track*");
  });

  it("prefers the newest CVSS version that answers", () => {
    const v31 = vectorForTests("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
    const v40 = vectorForTests(record("BIT-python-2024-8088").severity[0]?.score ?? "");
    const result = assessSsvc({ inKev: false, cvss: [v31, v40] });
    expect([result.automatable, result.technicalImpact]).toEqual(["no", "partial"]);
    // A v4 vector missing VC/VI leaves technical impact to v3.1.
    const partialV4 = { version: "4.0", metrics: { AV: "L", AC: "L", AT: "N", PR: "N", UI: "N" } };
    expect(assessSsvc({ inKev: false, cvss: [v31, partialV4] }).technicalImpact).toBe("total");
  });

  it("assumes the urgent values without a CVSS vector and says so", () => {
    expect(assessSsvc({ inKev: true })).toEqual({
      exploitation: "active",
      automatable: "yes",
      technicalImpact: "total",
      missionWellbeing: "medium",
      decision: "Act",
      assumed: ["automatable", "technicalImpact"],
    });
  });
});
