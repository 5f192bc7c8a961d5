import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseEpss, parseKev, readOsvZip } from "@bulwark/advisories";
import type { ExtractedPackage, Inventory } from "@bulwark/core";
import { fixturePath } from "@bulwark/core/testing";
import { AdvisoryDatabase } from "@bulwark/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { crossesMajor } from "./fixes.ts";
import { scanInventory } from "./scan.ts";

const dir = mkdtempSync(join(tmpdir(), "bulwark-scan-"));
let db: AdvisoryDatabase;

beforeAll(() => {
  db = AdvisoryDatabase.open(join(dir, "advisories.db"));
  db.import({
    osv: ["PyPI", "Go", "Bitnami"].map((e) => ({
      source: `osv:${e}`,
      location: e,
      full: true,
      records: readOsvZip(readFileSync(fixturePath("osv", e, "all.zip")), e).records,
    })),
    kev: {
      catalog: parseKev(
        JSON.parse(readFileSync(fixturePath("kev", "known_exploited_vulnerabilities.json"), "utf8")),
        "kev",
      ),
      location: "kev",
    },
    epss: {
      file: parseEpss(readFileSync(fixturePath("epss", "epss_scores-2025-08-25.csv.gz")), "epss"),
      location: "epss",
    },
  });
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const pkg = (ecosystem: string, name: string, version: string, path = "deps.lock"): ExtractedPackage => ({
  ecosystem,
  name,
  version,
  locations: [{ path, line: 1 }],
});

const inventory = (packages: ExtractedPackage[]): Inventory => ({
  sources: [{ kind: "directory", path: "." }],
  packages,
  notes: [],
});

const options = {
  now: new Date("2026-12-02T10:00:00Z"),
  tool: { name: "bulwark", version: "test" },
  database: { path: "test.db", stale: false },
};

describe("scanInventory on real advisories", () => {
  it("finds a KEV vulnerability in Go's standard library, with SSVC, deadline, fixes and the smallest upgrade", async () => {
    const report = await scanInventory(inventory([pkg("Go", "stdlib", "1.13.5", "go.mod")]), db, options);
    const kev = report.findings.find((f) => f.aliases.includes("CVE-2020-0601"));
    expect(kev).toMatchObject({
      id: "CVE-2020-0601",
      advisoryIds: ["GO-2022-0535"],
      status: "affected",
      kev: { cve: "CVE-2020-0601" },
      ssvc: { exploitation: "active" },
      deadline: { policy: "bod-26-04", dueDate: expect.any(String) },
    });
    expect(kev?.fixedVersions[0]).toBe("1.13.7");
    expect(kev?.epss?.probability).toBeGreaterThan(0);
    // KEV outranks everything: it is the first finding.
    expect(report.findings[0]?.id).toBe("CVE-2020-0601");
    expect(report.vulnerabilities["GO-2022-0535"]?.id).toBe("GO-2022-0535");
    const fix = report.remediations.find((r) => r.packageIndex === 0);
    expect(fix?.fixVersion).toBeDefined();
    // The upgrade must clear every fixable stdlib finding the scan reported.
    const again = await scanInventory(inventory([pkg("Go", "stdlib", fix?.fixVersion ?? "", "go.mod")]), db, options);
    const fixableIds = report.findings.filter((f) => f.fixedVersions.length > 0).map((f) => f.id);
    expect(again.findings.filter((f) => fixableIds.includes(f.id))).toEqual([]);
  });

  it("reports nothing for a version past every fix, and keeps severity from CVSS vectors (Bitnami)", async () => {
    const report = await scanInventory(
      inventory([pkg("Bitnami", "nginx", "1.25.2"), pkg("Bitnami", "nginx", "99.0.0", "other.lock")]),
      db,
      options,
    );
    const rapidReset = report.findings.find((f) => f.id === "CVE-2023-44487");
    expect(rapidReset?.packageIndex).toBe(0);
    expect(rapidReset?.severity.source).toBe("cvss");
    expect(rapidReset?.kev?.dueDate).toBeDefined();
    expect(report.findings.filter((f) => f.packageIndex === 1)).toEqual([]);
    expect(report.remediations.find((r) => r.packageIndex === 0)?.fixVersion).toBeDefined();
  });

  it("suppresses through the hook, ranks suppressed findings last, and --only-fixable drops what cannot be fixed", async () => {
    const inv = inventory([pkg("Go", "stdlib", "1.13.5", "go.mod")]);
    const report = await scanInventory(inv, db, {
      ...options,
      suppress: (f) =>
        f.id === "CVE-2020-0601" ? { kind: "config", reason: "accepted risk", source: "bulwark.yaml" } : undefined,
    });
    const last = report.findings[report.findings.length - 1];
    expect(last?.id).toBe("CVE-2020-0601");
    expect(last?.suppressed?.reason).toBe("accepted risk");
    const fixable = await scanInventory(inv, db, { ...options, onlyFixable: true });
    expect(fixable.findings.every((f) => f.fixedVersions.length > 0)).toBe(true);
  });

  it("lists what cannot be judged as undetermined with the reason", async () => {
    const report = await scanInventory(inventory([pkg("PyPI", "django", "not a version")]), db, options);
    const undetermined = report.findings.filter((f) => f.status === "undetermined");
    expect(undetermined.length).toBeGreaterThan(0);
    expect(undetermined[0]?.reason).toMatch(/version/i);
    expect(report.findings.every((f) => f.status === "undetermined")).toBe(true);
  });
});

describe("scanInventory options", () => {
  it("refuses an unknown remediation policy with a coded error", async () => {
    await expect(scanInventory(inventory([]), db, { ...options, policy: "bod-99-99" })).rejects.toMatchObject({
      code: "BULWARK_CONFIG_INVALID",
    });
  });
});

describe("crossesMajor", () => {
  it.each([
    ["1.2.3", "2.0.0", true],
    ["1.2.3", "1.9.0", false],
    ["0.9.1", "0.10.0", true],
    ["1:2.3-1", "1:2.4-1", false],
    ["v1.13.5", "v1.14.0", false],
  ])("%s -> %s: %s", (from, to, expected) => {
    expect(crossesMajor(from, to)).toBe(expected);
  });
});
