import * as informative from "@secvisogram/csaf-validator-lib/informativeTests.js";
import * as mandatory from "@secvisogram/csaf-validator-lib/mandatoryTests.js";
import * as optional from "@secvisogram/csaf-validator-lib/optionalTests.js";
import { csaf_2_0_strict } from "@secvisogram/csaf-validator-lib/schemaTests.js";
import validate, { type CsafResult, type CsafTest } from "@secvisogram/csaf-validator-lib/validate.js";
import { describe, expect, it } from "vitest";
import {
  awkwardScanReport,
  consistentSampleReport,
  EMPTY_SCAN_REPORT,
  VEX_OPTIONS,
  VEX_TEST_REPORTS,
} from "../shared/vex-testing.ts";
import { csafVexReporter } from "./index.ts";

// Three informative tests leave the machine: 6.3.6 and 6.3.7 send HEAD requests to every URL of
// the document, 6.3.8 spawns hunspell. They are left out; every other test runs offline.
const ONLINE = new Set(["informativeTest_6_3_6", "informativeTest_6_3_7", "informativeTest_6_3_8"]);
const OFFLINE_INFORMATIVE = Object.values(informative).filter((t) => !ONLINE.has(t.name));
const ERROR_TESTS: CsafTest[] = [csaf_2_0_strict, ...Object.values(mandatory)];
const ADVISORY_TESTS: CsafTest[] = [...Object.values(optional), ...OFFLINE_INFORMATIVE];

// biome-ignore lint/suspicious/noExplicitAny: parsed JSON under test
function render(report = consistentSampleReport()): any {
  return JSON.parse(csafVexReporter.render(report, VEX_OPTIONS));
}

function problems(result: CsafResult): string[] {
  return result.tests.flatMap((t) => t.errors.map((e) => `${t.name} ${e.instancePath} ${e.message}`));
}

function warnings(result: CsafResult): string[] {
  return result.tests.flatMap((t) =>
    [...t.warnings, ...t.infos].map((e) => `${t.name} ${e.instancePath} ${e.message}`),
  );
}

describe("csaf-vex scan reporter", () => {
  it("runs the strict schema test, all 43 mandatory, all 20 optional and 8 offline informative tests", () => {
    expect(ERROR_TESTS).toHaveLength(44);
    expect(ERROR_TESTS.map((t) => t.name)).toContain("mandatoryTest_6_1_27_10");
    expect(ADVISORY_TESTS).toHaveLength(28);
  });

  for (const label of Object.keys(VEX_TEST_REPORTS)) {
    it(`writes the ${label} report with zero errors from the strict schema and all mandatory tests`, async () => {
      const result = await validate(ERROR_TESTS, render(VEX_TEST_REPORTS[label]!()));
      expect(problems(result)).toEqual([]);
      expect(result.isValid).toBe(true);
    });
  }

  it("passes the optional and offline informative tests of the sample report with known warnings only", async () => {
    const result = await validate(ADVISORY_TESTS, render());
    expect(problems(result)).toEqual([]);
    const counts: Record<string, number> = {};
    for (const w of warnings(result)) counts[w.split(" ")[0]!] = (counts[w.split(" ")[0]!] ?? 0) + 1;
    // 6.2.10 TLP label and 6.2.11 canonical URL: a scan cannot know its sharing policy or where it
    // will be published. 6.2.3: the Go advisory has a textual severity only. 6.3.3: ALBA has no
    // CVE. 6.3.4: CSAF wants CWE names from the catalogue, which Bulwark does not ship.
    expect(counts).toEqual({
      optionalTest_6_2_10: 1,
      optionalTest_6_2_11: 1,
      optionalTest_6_2_3: 1,
      informativeTest_6_3_3: 1,
      informativeTest_6_3_4: 5,
    });
  });

  it("writes a csaf_vex document header from the clock and ids", () => {
    const { document } = render();
    expect(document.category).toBe("csaf_vex");
    expect(document.csaf_version).toBe("2.0");
    expect(document.publisher).toEqual({ category: "user", name: "Bulwark", namespace: "urn:bulwark" });
    expect(document.title).toBe("bulwark scan of ./project");
    expect(document.tracking).toEqual({
      current_release_date: "2026-12-03T04:05:06.000Z",
      generator: { date: "2026-12-03T04:05:06.000Z", engine: { name: "bulwark", version: "0.1.0" } },
      id: "BULWARK-SCAN-3e671687-395b-41f5-a30f-a58921a69b79",
      initial_release_date: "2026-12-03T04:05:06.000Z",
      revision_history: [{ date: "2026-12-03T04:05:06.000Z", number: "1", summary: "Initial version." }],
      status: "final",
      version: "1",
    });
    expect(document.notes[0].text).toBe(
      "bulwark 0.1.0 scanned 5 packages of ./project on 2026-12-02T10:00:00.000Z: 3 known affected, " +
        "1 known not affected (suppressed), 1 under investigation (package, vulnerability) pairs.",
    );
  });

  it("builds the product tree ecosystem → name → version with purls", () => {
    const { product_tree } = render();
    expect(product_tree.branches.map((b: { name: string }) => b.name)).toEqual([
      "AlmaLinux:8",
      "Go",
      "PyPI",
      "crates.io",
    ]);
    const pypi = product_tree.branches[2];
    expect(pypi.branches).toEqual([
      {
        branches: [
          {
            category: "product_version",
            name: "0.0.1",
            product: {
              name: "django 0.0.1",
              product_id: "pkg:pypi/django@0.0.1",
              product_identification_helper: { purl: "pkg:pypi/django@0.0.1" },
            },
          },
        ],
        category: "product_name",
        name: "django",
      },
    ]);
  });

  it("states affected products with a vendor fix, CVSS v3 score and KEV exploitation", () => {
    const v = render().vulnerabilities[0];
    expect(v.cve).toBe("CVE-2007-5712");
    expect(v.ids).toEqual([{ system_name: "OSV", text: "PYSEC-2007-1" }]);
    expect(v.product_status).toEqual({ known_affected: ["pkg:pypi/django@0.0.1"] });
    expect(v.remediations).toEqual([
      { category: "vendor_fix", details: "Upgrade django to 1.1 or later.", product_ids: ["pkg:pypi/django@0.0.1"] },
    ]);
    expect(v.scores).toEqual([
      {
        cvss_v3: {
          baseScore: 9.8,
          baseSeverity: "CRITICAL",
          vectorString: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
          version: "3.1",
        },
        products: ["pkg:pypi/django@0.0.1"],
      },
    ]);
    expect(v.threats[0].category).toBe("exploit_status");
    expect(v.threats[0].details).toContain("on 2022-03-25 (due 2022-04-15)");
    expect(v.references[0]).toEqual({
      category: "external",
      summary: "OSV record PYSEC-2007-1",
      url: "https://osv.dev/vulnerability/PYSEC-2007-1",
    });
    expect(v.release_date).toBe("2007-10-30T19:46:00.000Z");
  });

  it("states suppressed products as known_not_affected with the justification flag and an impact", () => {
    const v = render().vulnerabilities.find((x: { cve?: string }) => x.cve === "CVE-2008-2302");
    expect(v.product_status).toEqual({ known_not_affected: ["pkg:pypi/django@0.0.1"] });
    expect(v.flags).toEqual([{ label: "vulnerable_code_not_in_execute_path", product_ids: ["pkg:pypi/django@0.0.1"] }]);
    expect(v.threats).toEqual([
      {
        category: "impact",
        details: "Suppressed by vex/openvex.json (vex): vulnerable_code_not_in_execute_path",
        product_ids: ["pkg:pypi/django@0.0.1"],
      },
    ]);
    expect(v.remediations).toBeUndefined();
  });

  it("states undetermined products as under_investigation with the reason, and an advisory without CVE by ids", () => {
    const v = render().vulnerabilities.find((x: { cve?: string }) => x.cve === undefined);
    expect(v.ids).toEqual([{ system_name: "OSV", text: "ALBA-2022:2080" }]);
    expect(Object.keys(v.product_status)).toEqual(["under_investigation"]);
    expect(v.notes.find((n: { title: string }) => n.title === "Why it is under investigation")).toBeDefined();
  });

  it("merges a vulnerability's packages into one entry and maps CycloneDX justifications and CVSS v2", () => {
    const doc = render(awkwardScanReport());
    const v = doc.vulnerabilities.find((x: { cve?: string }) => x.cve === "CVE-2024-99999");
    expect(v.product_status).toEqual({
      known_affected: ["pkg:npm/%40scope/a%26b%3Cc%3E@1.0.0-beta+exp"],
      known_not_affected: ["bulwark:package/NoSuchEcosystem/odd%20pkg@2.0"],
    });
    expect(v.flags).toBeUndefined();
    expect(v.scores).toEqual([
      {
        cvss_v2: { baseScore: 7.5, vectorString: "AV:N/AC:L/Au:N/C:P/I:P/A:P", version: "2.0" },
        products: ["bulwark:package/NoSuchEcosystem/odd%20pkg@2.0"],
      },
    ]);
    expect(v.notes.map((n: { title: string }) => n.title)).toEqual(["Summary", "Details", "Bulwark prioritisation"]);
    expect(v.references.map((r: { url: string }) => r.url)).toEqual([
      "https://osv.dev/vulnerability/GHSA-xxxx-yyyy-zzzz",
      "https://github.com/advisories/GHSA-xxxx-yyyy-zzzz",
    ]);
    const unsound = doc.vulnerabilities.find(
      (x: { ids?: { text: string }[] }) => x.ids?.[0]?.text === "RUSTSEC-2099-0001",
    );
    expect(unsound.remediations).toEqual([
      {
        category: "none_available",
        details: "No fixed version of unsound is known.",
        product_ids: ["pkg:cargo/unsound@0.1.0"],
      },
    ]);
  });

  it("writes an empty scan as a valid csaf_base document that says nothing was found", () => {
    const doc = render(EMPTY_SCAN_REPORT);
    expect(doc.document.category).toBe("csaf_base");
    expect(doc.product_tree).toBeUndefined();
    expect(doc.vulnerabilities).toBeUndefined();
    expect(doc.document.notes[0].text).toContain("found no vulnerabilities");
  });

  it("writes every object's keys in alphabetical order and the same bytes twice", () => {
    const text = csafVexReporter.render(awkwardScanReport(), VEX_OPTIONS);
    expect(text).toBe(csafVexReporter.render(awkwardScanReport(), VEX_OPTIONS));
    expect(Object.keys(JSON.parse(text))).toEqual(["document", "product_tree", "vulnerabilities"]);
  });

  it("has a validator that catches a known_affected product without a remediation", async () => {
    const doc = render();
    delete doc.vulnerabilities[0].remediations;
    const result = await validate(ERROR_TESTS, doc);
    expect(result.isValid).toBe(false);
    expect(problems(result).some((p) => p.startsWith("mandatoryTest_6_1_27_10"))).toBe(true);
  });
});
