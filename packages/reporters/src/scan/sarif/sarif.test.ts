import { existsSync, readFileSync } from "node:fs";
import type { ExtractedPackage, Finding, ScanReport } from "@bulwark/core";
import { dataPath, fixturePath } from "@bulwark/core/testing";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import {
  awkwardScanReport,
  emptyScanReport,
  OPTIONS,
  SHOW_SUPPRESSED,
  withFinding,
  withPackage,
} from "../shared/machine-testing.ts";
import { sampleScanReport } from "../shared/sample-report.ts";
import { sarifReporter } from "./index.ts";
import { MAX_RESULTS } from "./log.ts";
import { relativeUri } from "./uri.ts";

// Built once (it reads the OSV fixture zips); reports are never mutated, only copied.
const SAMPLE = sampleScanReport();

// The official schema is draft-04 (root `id`, `$schema` draft-04). Ajv 8 has no draft-04 build,
// and ajv-draft-04 is not installed; the schema uses no keyword whose meaning changed after
// draft-04 (no `exclusiveMinimum`/`exclusiveMaximum`, `id` only at the root), so the default
// (draft-07) Ajv validates it once the root `id` is read as `$id`. Its `anyOf: [{required:
// [index]}, ...]` branches name properties without declaring them, so `strictRequired` is off.
const {
  id: schemaId,
  $schema: _draft04,
  ...schemaBody
} = JSON.parse(readFileSync(fixturePath("schemas", "sarif", "sarif-schema-2.1.0.json"), "utf8"));
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
addFormats.default(ajv);
const validate = ajv.compile({ $id: schemaId, ...schemaBody });

// biome-ignore lint/suspicious/noExplicitAny: parsed JSON under test
type Doc = any;

function render(report: ScanReport = SAMPLE, opts = OPTIONS): Doc {
  return JSON.parse(sarifReporter.render(report, opts));
}

function resultsOf(doc: Doc): Doc[] {
  return doc.runs[0].results;
}

function ruleOf(doc: Doc, id: string): Doc {
  return doc.runs[0].tool.driver.rules.find((r: Doc) => r.id === id);
}

const REPORTS = { sample: SAMPLE, empty: emptyScanReport(), awkward: awkwardScanReport() };

// Real SARIF of three scanners, in ../shared/data only (not copied into fixtures/).
const scannerSarif = (tool: string) => dataPath("examples", "sarif", "vexctl-nginx-scans", `nginx-${tool}.sarif.json`);

describe("the SARIF validator", () => {
  it.skipIf(!existsSync(scannerSarif("trivy")))("accepts real SARIF from three scanners", () => {
    for (const tool of ["grype", "snyk", "trivy"]) {
      const doc = JSON.parse(readFileSync(scannerSarif(tool), "utf8"));
      expect(validate(doc), `${tool}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it("rejects a broken log", () => {
    const broken = render();
    broken.runs[0].results[0].level = "critical";
    expect(validate(broken)).toBe(false);
    const noDriver = render();
    delete noDriver.runs[0].tool.driver.name;
    expect(validate(noDriver)).toBe(false);
  });
});

describe("sarif scan reporter", () => {
  for (const [label, report] of Object.entries(REPORTS)) {
    for (const opts of [OPTIONS, SHOW_SUPPRESSED]) {
      it(`writes the ${label} report valid against the official SARIF 2.1.0 schema (showSuppressed ${opts.showSuppressed})`, () => {
        const doc = render(report, opts);
        expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
      });

      it(`meets GitHub code scanning's requirements for the ${label} report (showSuppressed ${opts.showSuppressed})`, () => {
        const doc = render(report, opts);
        expect(doc.$schema).toBe("https://json.schemastore.org/sarif-2.1.0.json");
        expect(doc.version).toBe("2.1.0");
        expect(doc.runs).toHaveLength(1);
        const run = doc.runs[0];
        expect(run.tool.driver.name).toBe("bulwark");
        expect(run.tool.driver.version).toBe("0.1.0");
        expect(Object.keys(run.originalUriBaseIds)).toEqual(["%SRCROOT%"]);
        for (const rule of run.tool.driver.rules) {
          expect(rule.id).not.toBe("");
          expect(rule.name.length).toBeLessThanOrEqual(255);
          for (const d of [rule.shortDescription.text, rule.fullDescription.text]) {
            expect(d.length).toBeGreaterThan(0);
            expect(d.length).toBeLessThanOrEqual(1024);
          }
          expect(rule.help.text.length).toBeGreaterThan(0);
          expect(rule.help.markdown.length).toBeGreaterThan(0);
          expect(rule.helpUri).toBe(`https://osv.dev/vulnerability/${rule.id}`);
          expect(["note", "warning", "error"]).toContain(rule.defaultConfiguration.level);
          expect(rule.properties.tags).toContain("security");
          expect(rule.properties.tags.length).toBeLessThanOrEqual(10);
          expect(["very-high", "high", "medium", "low"]).toContain(rule.properties.precision);
          const score = rule.properties["security-severity"];
          if (score !== undefined) {
            expect(typeof score).toBe("string");
            expect(Number(score)).toBeGreaterThan(0);
            expect(Number(score)).toBeLessThanOrEqual(10);
          }
        }
        for (const result of run.results) {
          expect(run.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
          expect(result.message.text.length).toBeGreaterThan(0);
          expect(result.partialFingerprints.primaryLocationLineHash).toMatch(/^[0-9a-f]{16}:[1-9][0-9]*$/);
          for (const loc of result.locations ?? []) {
            const { artifactLocation, region } = loc.physicalLocation;
            expect(artifactLocation.uriBaseId).toBe("%SRCROOT%");
            expect(artifactLocation.uri).not.toMatch(/^[a-z][a-z0-9+.-]*:|^\//i);
            expect(region.startLine).toBeGreaterThanOrEqual(1);
          }
        }
      });
    }
  }

  it("writes a rule per vulnerability with severity, help, links and tags", () => {
    const doc = render();
    expect(doc.runs[0].tool.driver.rules.map((r: Doc) => r.id)).toEqual([
      "CVE-2007-5712",
      "CVE-2016-10931",
      "CVE-2020-36567",
      "ALBA-2022:2080",
    ]);
    const django = ruleOf(doc, "CVE-2007-5712");
    expect(django.defaultConfiguration.level).toBe("error");
    expect(django.properties).toEqual({
      tags: ["security", "vulnerability", "critical", "kev", "PyPI"],
      "security-severity": "9.8",
      precision: "very-high",
      aliases: ["PYSEC-2007-1"],
    });
    expect(django.fullDescription.text).toMatch(/^The internationalization \(i18n\) framework in Django/);
    expect(django.help.markdown).toContain("| django | PyPI | 0.0.1 | api/requirements.txt:4 | 1.1 | affected |");
    expect(django.help.markdown).toContain("[PYSEC-2007-1](https://osv.dev/vulnerability/PYSEC-2007-1)");
    expect(django.help.markdown).toContain("- <http://www.djangoproject.com/weblog/2007/oct/26/security-fix>");
    expect(django.help.text).toContain("Known exploited: in CISA KEV since 2022-03-25, due 2022-04-15");
    expect(django.help.text).toContain("- django 0.0.1 (PyPI) in api/requirements.txt:4: fixed in 1.1; affected");

    const rust = ruleOf(doc, "CVE-2016-10931");
    expect(rust.shortDescription.text).toBe("CVE-2016-10931: SSL/TLS MitM vulnerability due to insecure defaults");
    expect(rust.properties["security-severity"]).toBe("7.5");
    expect(rust.defaultConfiguration.level).toBe("error");
  });

  it("scores a severity without a vector inside GitHub's band for it", () => {
    const go = ruleOf(render(), "CVE-2020-36567");
    expect(go.properties["security-severity"]).toBe("5.5");
    expect(go.defaultConfiguration.level).toBe("warning");
    const unknown = withFinding(SAMPLE, 2, { severity: { level: "unknown", source: "none" } });
    const rule = ruleOf(render(unknown), "CVE-2020-36567");
    expect(rule.properties["security-severity"]).toBeUndefined();
    expect(rule.defaultConfiguration.level).toBe("warning");
  });

  it("locates each result in its lockfile at the package's line, and on line 1 when the line is unknown", () => {
    const results = resultsOf(render());
    expect(results.map((r: Doc) => [r.ruleId, r.level, r.locations[0].physicalLocation])).toEqual([
      [
        "CVE-2007-5712",
        "error",
        {
          artifactLocation: { uri: "api/requirements.txt", uriBaseId: "%SRCROOT%" },
          region: { startLine: 4, startColumn: 1, endLine: 4 },
        },
      ],
      [
        "CVE-2016-10931",
        "error",
        {
          artifactLocation: { uri: "Cargo.lock", uriBaseId: "%SRCROOT%" },
          region: { startLine: 120, startColumn: 1, endLine: 120 },
        },
      ],
      [
        "CVE-2020-36567",
        "warning",
        {
          artifactLocation: { uri: "svc/go.mod", uriBaseId: "%SRCROOT%" },
          region: { startLine: 9, startColumn: 1, endLine: 9 },
        },
      ],
      [
        "ALBA-2022:2080",
        "error",
        {
          artifactLocation: { uri: "var/lib/rpm/rpmdb.sqlite", uriBaseId: "%SRCROOT%" },
          region: { startLine: 1, startColumn: 1, endLine: 1 },
        },
      ],
    ]);
  });

  it("says what to do in the message and keeps Bulwark's facts in the result's properties", () => {
    const [django, , , os] = resultsOf(render());
    expect(django.message.text).toBe(
      "Package django@0.0.1 (PyPI) is affected by CVE-2007-5712 (also known as PYSEC-2007-1). Fixed in 1.1. " +
        "Upgrading to 1.1 fixes every finding of this package. Known exploited (CISA KEV, due 2022-04-15). " +
        "Remediation deadline: 3 days (bod-26-04).",
    );
    expect(django.properties.package).toEqual({
      ecosystem: "PyPI",
      name: "django",
      version: "0.0.1",
      purl: "pkg:pypi/django@0.0.1",
    });
    expect(django.properties.ssvc.decision).toBe("Act");
    expect(django.properties.epss.probability).toBe(0.97);
    expect(os.message.text).toMatch(/^Package sudo@1\.0\.0-1\.el9 \(AlmaLinux:8\) may be affected by ALBA-2022:2080: /);
    expect(os.properties.status).toBe("undetermined");
    expect(ruleOf(render(), "ALBA-2022:2080").properties.precision).toBe("medium");
  });

  it("leaves suppressed findings out unless asked, then marks them with an external suppression", () => {
    const hidden = render();
    expect(resultsOf(hidden).map((r: Doc) => r.ruleId)).not.toContain("CVE-2008-2302");
    expect(ruleOf(hidden, "CVE-2008-2302")).toBeUndefined();
    expect(hidden.runs[0].properties).toEqual({
      findings: 4,
      undetermined: 1,
      suppressed: 1,
      suppressedShown: false,
      truncated: 0,
    });
    const shown = render(SAMPLE, SHOW_SUPPRESSED);
    const result = resultsOf(shown).find((r: Doc) => r.ruleId === "CVE-2008-2302");
    expect(result.suppressions).toEqual([
      {
        kind: "external",
        status: "accepted",
        justification: "vulnerable_code_not_in_execute_path",
        properties: { kind: "vex", source: "vex/openvex.json", vexStatus: "not_affected" },
      },
    ]);
    expect(result.level).toBe("note");
    expect(resultsOf(shown).filter((r: Doc) => r.suppressions === undefined)).toHaveLength(4);
  });

  it("keeps an alert's fingerprint when the version or line changes, not when the file does", () => {
    const base = resultsOf(render())[1].partialFingerprints;
    const bumped = resultsOf(
      render(withPackage(SAMPLE, 1, { version: "0.8.3", locations: [{ path: "Cargo.lock", line: 98 }] })),
    )[1].partialFingerprints;
    expect(bumped.primaryLocationLineHash).toBe(base.primaryLocationLineHash);
    expect(bumped["bulwarkResultHash/v1"]).not.toBe(base["bulwarkResultHash/v1"]);
    const moved = resultsOf(
      render(withPackage(SAMPLE, 1, { locations: [{ path: "crates/Cargo.lock", line: 120 }] })),
    )[1].partialFingerprints;
    expect(moved.primaryLocationLineHash).not.toBe(base.primaryLocationLineHash);
  });

  it("tells apart two versions of one package in one file by the occurrence suffix", () => {
    const sample = SAMPLE;
    const rust = sample.packages[1] as ExtractedPackage;
    const rustFinding = sample.findings[1] as Finding;
    const report: ScanReport = {
      ...sample,
      packages: [...sample.packages, { ...rust, version: "0.8.0", locations: [{ path: "Cargo.lock", line: 300 }] }],
      findings: [...sample.findings, { ...rustFinding, packageIndex: sample.packages.length }],
    };
    const hashes = resultsOf(render(report))
      .filter((r: Doc) => r.ruleId === "CVE-2016-10931")
      .map((r: Doc) => r.partialFingerprints.primaryLocationLineHash);
    expect(hashes).toHaveLength(2);
    expect(hashes[0].replace(/:1$/, ":2")).toBe(hashes[1]);
    expect(ruleOf(render(report), "CVE-2016-10931").help.markdown).toContain(
      "| openssl | crates.io | 0.8.0 | Cargo.lock:300 |",
    );
  });

  it("writes one result per location, encodes paths as relative URIs and escapes Markdown table cells", () => {
    const doc = render(awkwardScanReport());
    const uris = resultsOf(doc).map((r: Doc) => r.locations?.[0].physicalLocation.artifactLocation.uri);
    expect(uris).toEqual([
      "my%20app/node_modules/@scope/x/package.json",
      "api/requirements.txt",
      undefined,
      "sbom/app.cdx.json",
    ]);
    const go = ruleOf(doc, "CVE-2020-36567");
    expect(go.shortDescription.text).toBe("CVE-2020-36567: A | pipe and a newline");
    expect(go.help.markdown).toContain("**CVE-2020-36567**: A | pipe and a newline");
    expect(go.help.markdown).toContain(
      "| github.com/gin-gonic/gin | Go | 0.0.1 | sbom/app.cdx.json | 1.6.0 | affected |",
    );
  });

  it("reports extraction notes and a stale database as tool execution notifications", () => {
    const notes = render().runs[0].invocations[0];
    expect(notes.executionSuccessful).toBe(true);
    expect(notes.endTimeUtc).toBe("2026-12-02T10:00:00.000Z");
    expect(notes.toolExecutionNotifications).toEqual([
      {
        level: "warning",
        message: { text: "line 7: not a yarn.lock header" },
        descriptor: { id: "BULWARK_EXTRACT_PARSE_FAILED" },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: "legacy/yarn.lock", uriBaseId: "%SRCROOT%" },
              region: { startLine: 7 },
            },
          },
        ],
      },
    ]);
    const stale = render(awkwardScanReport()).runs[0].invocations[0].toolExecutionNotifications;
    expect(stale.map((n: Doc) => n.descriptor.id)).toContain("bulwark/database-stale");
  });

  it("clips descriptions to GitHub's 1,024 characters", () => {
    const sample = SAMPLE;
    const long = "x".repeat(5000);
    const report = {
      ...sample,
      vulnerabilities: {
        ...sample.vulnerabilities,
        "RUSTSEC-2016-0001": { ...sample.vulnerabilities["RUSTSEC-2016-0001"], details: long },
      },
      findings: sample.findings.map((f, i) => (i === 1 ? { ...f, summary: "y".repeat(2000) } : f)),
    } as ScanReport;
    const rule = ruleOf(render(report), "CVE-2016-10931");
    expect(rule.fullDescription.text).toHaveLength(1024);
    expect(rule.fullDescription.text.endsWith("x…")).toBe(true);
    expect(rule.shortDescription.text).toHaveLength(1024);
    expect(rule.help.markdown).toContain(long);
  });

  it("keeps the most urgent findings when GitHub's result limit would be exceeded", () => {
    const sample = SAMPLE;
    const rust = sample.packages[1] as ExtractedPackage;
    const finding = sample.findings[1] as Finding;
    const n = MAX_RESULTS + 2;
    const packages = Array.from({ length: n }, (_, i) => ({
      ...rust,
      name: `crate-${i}`,
      locations: [{ path: "Cargo.lock", line: i + 1 }],
    }));
    const findings = packages.map((_, i) => ({ ...finding, packageIndex: i, priority: n - i }));
    const doc = render({ ...sample, packages, findings, remediations: [] });
    expect(resultsOf(doc)).toHaveLength(MAX_RESULTS);
    expect(resultsOf(doc).at(-1).properties.package.name).toBe(`crate-${MAX_RESULTS - 1}`);
    expect(doc.runs[0].properties.truncated).toBe(2);
    const note = doc.runs[0].invocations[0].toolExecutionNotifications.at(-1);
    expect(note.descriptor.id).toBe("bulwark/results-truncated");
    expect(note.message.text).toMatch(/^2 less urgent findings were left out/);
  });

  it("writes an empty scan as a run with no rules and no results", () => {
    const run = render(emptyScanReport()).runs[0];
    expect(run.tool.driver.rules).toEqual([]);
    expect(run.results).toEqual([]);
  });

  it("is deterministic and ends with a newline", () => {
    const a = sarifReporter.render(SAMPLE, SHOW_SUPPRESSED);
    expect(sarifReporter.render(sampleScanReport(), { ...SHOW_SUPPRESSED, color: true, width: 10 })).toBe(a);
    expect(a.endsWith("}\n")).toBe(true);
  });
});

describe("relative URIs", () => {
  it("percent-encodes what a URI path cannot hold and drops a leading ./ or /", () => {
    expect(relativeUri("./a b/c#d?.lock")).toBe("a%20b/c%23d%3F.lock");
    expect(relativeUri("/var/lib/dpkg/status")).toBe("var/lib/dpkg/status");
    expect(relativeUri("C:/x/@scope+y/é.json")).toBe("C%3A/x/@scope+y/%C3%A9.json");
  });
});
