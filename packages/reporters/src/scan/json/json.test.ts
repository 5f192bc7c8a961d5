import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fixturePath } from "@bulwark/core/testing";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { sourceTypeOf } from "../shared/machine-source-type.ts";
import {
  awkwardScanReport,
  emptyScanReport,
  OPTIONS,
  SHOW_SUPPRESSED,
  withFinding,
} from "../shared/machine-testing.ts";
import { sampleScanReport } from "../shared/sample-report.ts";
import { jsonReporter } from "./index.ts";

// Built once (it reads the OSV fixture zips); reports are never mutated, only copied.
const SAMPLE = sampleScanReport();

const schema = JSON.parse(readFileSync(join(import.meta.dirname, "scan-report.schema.json"), "utf8"));
const osvSchema = JSON.parse(readFileSync(fixturePath("schemas", "osv", "schema.json"), "utf8"));

// Our own schema compiles in a fully strict Ajv, with a stand-in for the OSV schema it refers to.
const strictAjv = new Ajv2020({ allErrors: true, strict: true });
addFormats.default(strictAjv);
strictAjv.addSchema({
  $id: osvSchema.$id,
  type: "object",
  required: ["id", "modified"],
  properties: { id: { type: "string" }, modified: { type: "string" } },
});
const validateStrict = strictAjv.compile(schema);

// The whole check uses the official OSV schema for `vulnerabilities[]`; that schema's if/then
// blocks name properties and keywords without repeating their types, which Ajv's strict type
// and `required` checks reject, so only those two checks are relaxed here.
const fullAjv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });
addFormats.default(fullAjv);
fullAjv.addSchema(osvSchema);
const validate = fullAjv.compile(schema);

// biome-ignore lint/suspicious/noExplicitAny: parsed JSON under test
function render(report = SAMPLE, opts = OPTIONS): any {
  return JSON.parse(jsonReporter.render(report, opts));
}

// biome-ignore lint/suspicious/noExplicitAny: parsed JSON under test
function allGroups(doc: any): any[] {
  // biome-ignore lint/suspicious/noExplicitAny: parsed JSON under test
  return doc.results.flatMap((r: any) => r.packages.flatMap((p: any) => p.groups));
}

const REPORTS = {
  sample: SAMPLE,
  empty: emptyScanReport(),
  awkward: awkwardScanReport(),
};

describe("json scan reporter", () => {
  for (const [label, report] of Object.entries(REPORTS)) {
    for (const opts of [OPTIONS, SHOW_SUPPRESSED]) {
      it(`writes the ${label} report valid against its schema and the OSV schema (showSuppressed ${opts.showSuppressed})`, () => {
        const doc = render(report, opts);
        expect(validateStrict(doc), JSON.stringify(validateStrict.errors)).toBe(true);
        expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
      });
    }
  }

  it("rejects documents that break the OSV-Scanner shape (the schema is not a rubber stamp)", () => {
    const doc = render();
    const noSeverity = structuredClone(doc);
    delete noSeverity.results[0].packages[0].groups[0].max_severity;
    expect(validate(noSeverity)).toBe(false);
    const badRecord = structuredClone(doc);
    badRecord.results[0].packages[0].vulnerabilities[0].id = 5;
    expect(validate(badRecord)).toBe(false);
    const badType = structuredClone(doc);
    badType.results[0].source.type = "directory";
    expect(validate(badType)).toBe(false);
  });

  it("keeps OSV-Scanner's top level and adds Bulwark's block last", () => {
    const doc = render();
    expect(Object.keys(doc)).toEqual(["results", "experimental_config", "bulwark"]);
    expect(doc.experimental_config).toEqual({ licenses: { summary: false, allowlist: null } });
  });

  it("files packages under their first location, sorted by path, typed by the extractor that reads the file", () => {
    const doc = render();
    // biome-ignore lint/suspicious/noExplicitAny: parsed JSON under test
    expect(doc.results.map((r: any) => r.source)).toEqual([
      { path: "Cargo.lock", type: "lockfile" },
      { path: "api/requirements.txt", type: "lockfile" },
      { path: "svc/go.mod", type: "lockfile" },
      { path: "var/lib/rpm/rpmdb.sqlite", type: "os" },
    ]);
  });

  it("names packages as OSV-Scanner does, with a purl; OS packages by their source package", () => {
    const doc = render();
    expect(doc.results[0].packages[0].package).toEqual({
      name: "openssl",
      version: "0.0.1",
      ecosystem: "crates.io",
      purl: "pkg:cargo/openssl@0.0.1",
    });
    expect(doc.results[3].packages[0].package).toEqual({
      name: "openssl",
      os_package_name: "sudo",
      version: "1.0.0-1.el9",
      ecosystem: "AlmaLinux:8",
      purl: "pkg:rpm/almalinux/sudo@1.0.0-1.el9?distro=almalinux-8",
    });
  });

  it("carries whole OSV records and one group per finding with OSV-Scanner's ids, aliases and max_severity", () => {
    const report = SAMPLE;
    const doc = render(report);
    const rust = doc.results[0].packages[0];
    expect(rust.vulnerabilities).toEqual([report.vulnerabilities["RUSTSEC-2016-0001"]]);
    expect(rust.groups).toHaveLength(1);
    const group = rust.groups[0];
    expect(group.ids).toEqual(["RUSTSEC-2016-0001"]);
    expect(group.aliases).toEqual(["CVE-2016-10931", "GHSA-34p9-f4q3-c4r7", "RUSTSEC-2016-0001"]);
    expect(group.max_severity).toBe("7.5");
    // A severity from the advisory's text, with no vector, has no score: OSV-Scanner writes "".
    const go = doc.results[2].packages[0].groups[0];
    expect(go.max_severity).toBe("");
    expect(go.bulwark.severity).toEqual({ level: "medium", source: "advisory" });
  });

  it("adds Bulwark's enrichment to each group and remediation to each package", () => {
    const doc = render();
    const django = doc.results[1].packages[0];
    expect(django.groups[0].bulwark).toEqual({
      id: "CVE-2007-5712",
      status: "affected",
      severity: {
        level: "critical",
        score: 9.8,
        vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        cvssVersion: "3.1",
        source: "cvss",
      },
      epss: { cve: "CVE-2007-5712", probability: 0.97, percentile: 0.999, date: "2026-11-30" },
      kev: {
        cve: "CVE-2007-5712",
        dateAdded: "2022-03-25",
        dueDate: "2022-04-15",
        knownRansomwareCampaignUse: "Unknown",
        requiredAction: "Apply updates per vendor instructions.",
      },
      ssvc: {
        decision: "Act",
        exploitation: "active",
        automatable: "yes",
        technicalImpact: "total",
        missionWellbeing: "medium",
      },
      deadline: { policy: "bod-26-04", label: "3 days", days: 3, dueDate: "2026-12-05" },
      fixedVersions: ["1.1"],
      priority: 100,
    });
    expect(django.groups[0].max_severity).toBe("9.8");
    expect(django.bulwark).toEqual({
      locations: [{ path: "api/requirements.txt", line: 4 }],
      relation: "direct",
      remediation: { fixVersion: "1.1", crossesMajor: false, unfixable: [] },
    });
    const os = doc.results[3].packages[0];
    expect(os.groups[0].bulwark.status).toBe("undetermined");
    expect(os.groups[0].bulwark.reason).toMatch(/ecosystem suffix/);
    expect(os.bulwark.remediation).toEqual({ unfixable: ["ALBA-2022:2080"] });
  });

  it("leaves suppressed findings out unless asked, and always counts them", () => {
    const hidden = render();
    expect(allGroups(hidden).map((g) => g.bulwark.id)).not.toContain("CVE-2008-2302");
    expect(hidden.results[1].packages).toHaveLength(1);
    expect(hidden.bulwark.suppressed).toEqual({ count: 1, shown: false });

    const shown = render(SAMPLE, SHOW_SUPPRESSED);
    const group = allGroups(shown).find((g) => g.bulwark.id === "CVE-2008-2302");
    expect(group.bulwark.suppressed).toEqual({
      kind: "vex",
      reason: "vulnerable_code_not_in_execute_path",
      source: "vex/openvex.json",
      status: "not_affected",
      justification: "vulnerable_code_not_in_execute_path",
    });
    expect(shown.results[1].packages).toHaveLength(2);
    expect(shown.bulwark.suppressed).toEqual({ count: 1, shown: true });
    // The summary counts what is not suppressed, whatever is shown.
    expect(shown.bulwark.summary).toEqual(hidden.bulwark.summary);
  });

  it("summarises the scan in Bulwark's top-level block", () => {
    const doc = render();
    expect(doc.bulwark.tool).toEqual({ name: "bulwark", version: "0.1.0" });
    expect(doc.bulwark.createdAt).toBe("2026-12-02T10:00:00.000Z");
    expect(doc.bulwark.summary).toEqual({
      packages: 5,
      vulnerablePackages: 4,
      findings: 4,
      bySeverity: { critical: 1, high: 2, medium: 1, low: 0, none: 0, unknown: 0 },
      kev: 1,
      fixable: 4,
    });
    expect(doc.bulwark.undetermined).toBe(1);
    expect(doc.bulwark.notes).toEqual([
      {
        code: "BULWARK_EXTRACT_PARSE_FAILED",
        path: "legacy/yarn.lock",
        line: 7,
        message: "line 7: not a yarn.lock header",
      },
    ]);
    expect(doc.bulwark.database).toEqual({
      path: "/root/.cache/bulwark/advisories.db",
      lastUpdate: "2026-12-01T08:00:00Z",
      stale: false,
    });
  });

  it("writes an empty scan as no results and zero counts", () => {
    const doc = render(emptyScanReport());
    expect(doc.results).toEqual([]);
    expect(doc.bulwark.summary.findings).toBe(0);
    expect(doc.bulwark.suppressed).toEqual({ count: 0, shown: false });
  });

  it("handles awkward packages: scope as a dependency group, no location, a missing record, an SBOM source", () => {
    const doc = render(awkwardScanReport());
    // biome-ignore lint/suspicious/noExplicitAny: parsed JSON under test
    expect(doc.results.map((r: any) => r.source)).toEqual([
      { path: "", type: "unknown" },
      { path: "my app/node_modules/@scope/x/package.json", type: "artifact" },
      { path: "sbom/app.cdx.json", type: "sbom" },
    ]);
    const dev = doc.results[1].packages[0];
    expect(dev.dependency_groups).toEqual(["dev"]);
    expect(dev.bulwark.scope).toBe("dev");
    expect(dev.bulwark.locations).toHaveLength(2);
    expect(doc.results[2].packages[0].vulnerabilities).toEqual([]);
    expect(doc.bulwark.sources[0].image.tags).toEqual(["shop:1"]);
    expect(doc.bulwark.database.stale).toBe(true);
  });

  it("formats a perfect score with one decimal", () => {
    const report = withFinding(SAMPLE, 0, {
      severity: { level: "critical", score: 10, source: "cvss", cvssVersion: "3.1" },
    });
    expect(render(report).results[1].packages[0].groups[0].max_severity).toBe("10.0");
  });

  it("copies records from their stored text when the report carries text instead of parsed records", () => {
    const stored = SAMPLE.vulnerabilities;
    const asText = {
      ...SAMPLE,
      vulnerabilities: {},
      // Stored as osv.dev writes them: indented.
      recordJson: (id: string) => (stored[id] === undefined ? undefined : JSON.stringify(stored[id], null, 2)),
    };
    expect(jsonReporter.render(asText, SHOW_SUPPRESSED)).toBe(jsonReporter.render(SAMPLE, SHOW_SUPPRESSED));
    expect([...jsonReporter.renderChunks!(asText, SHOW_SUPPRESSED)].join("")).toBe(
      jsonReporter.render(SAMPLE, SHOW_SUPPRESSED),
    );
  });

  it("is deterministic and ends with a newline", () => {
    const a = jsonReporter.render(SAMPLE, SHOW_SUPPRESSED);
    const b = jsonReporter.render(sampleScanReport(), { ...SHOW_SUPPRESSED, color: true, width: 200 });
    expect(a).toBe(b);
    expect(a.endsWith("}\n")).toBe(true);
  });
});

describe("source types", () => {
  it("follows the extractor that reads the file", () => {
    expect(sourceTypeOf("package-lock.json")).toBe("lockfile");
    expect(sourceTypeOf("var/lib/dpkg/status")).toBe("os");
    expect(sourceTypeOf("lib/apk/db/installed")).toBe("os");
    expect(sourceTypeOf("bom.json")).toBe("sbom");
    expect(sourceTypeOf("node_modules/lodash/package.json")).toBe("artifact");
    expect(sourceTypeOf("notes/README.md")).toBe("unknown");
  });
});
