import { Spec, Validation } from "@cyclonedx/cyclonedx-library";
import { describe, expect, it } from "vitest";
import { awkwardScanReport, EMPTY_SCAN_REPORT, VEX_OPTIONS, VEX_TEST_REPORTS } from "../shared/vex-testing.ts";
import { cyclonedxJsonReporter } from "./index.ts";

const validator = new Validation.JsonStrictValidator(Spec.Version.v1dot6);

interface Property {
  name: string;
  value: string;
}

// biome-ignore lint/suspicious/noExplicitAny: parsed JSON under test
function render(report = VEX_TEST_REPORTS.sample!()): any {
  return JSON.parse(cyclonedxJsonReporter.render(report, VEX_OPTIONS));
}

// biome-ignore lint/suspicious/noExplicitAny: parsed JSON under test
function vuln(doc: any, id: string): any {
  const found = doc.vulnerabilities.find((v: { id: string }) => v.id === id);
  if (found === undefined) throw new Error(`no vulnerability ${id}`);
  return found;
}

function props(v: { properties?: Property[] }): Record<string, string> {
  return Object.fromEntries((v.properties ?? []).map((p) => [p.name, p.value]));
}

describe("cyclonedx-json scan reporter", () => {
  for (const [label, report] of Object.entries(VEX_TEST_REPORTS)) {
    it(`writes the ${label} report as a CycloneDX 1.6 VDR that passes the official strict JSON schema`, async () => {
      expect(await validator.validate(cyclonedxJsonReporter.render(report(), VEX_OPTIONS))).toBeNull();
    });
  }

  it("has a validator that catches a broken analysis", async () => {
    const doc = render();
    doc.vulnerabilities.at(-1).analysis.state = "maybe";
    expect(await validator.validate(JSON.stringify(doc))).not.toBeNull();
  });

  it("writes the header from the options and the packages with findings as components", () => {
    const doc = render();
    expect(doc.specVersion).toBe("1.6");
    expect(doc.serialNumber).toBe("urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79");
    expect(doc.metadata.timestamp).toBe("2026-12-03T04:05:06.000Z");
    expect(doc.metadata.component).toMatchObject({ type: "application", name: "./project" });
    expect(doc.components.map((c: { "bom-ref": string }) => c["bom-ref"])).toEqual([
      "pkg:rpm/almalinux/sudo@1.0.0-1.el9?distro=almalinux-8",
      "pkg:golang/github.com/gin-gonic/gin@v0.0.1",
      "pkg:pypi/django@0.0.1",
      "pkg:pypi/django@0.0.1#2",
      "pkg:cargo/openssl@0.0.1",
    ]);
  });

  it("writes one vulnerability per id in priority order with its source, aliases, rating and fix", () => {
    const doc = render();
    expect(doc.vulnerabilities.map((v: { id: string }) => v.id)).toEqual([
      "CVE-2007-5712",
      "CVE-2016-10931",
      "CVE-2020-36567",
      "ALBA-2022:2080",
      "CVE-2008-2302",
    ]);
    const v = vuln(doc, "CVE-2016-10931");
    expect(v["bom-ref"]).toBe("bulwark:vulnerability:CVE-2016-10931");
    expect(v.source).toEqual({ name: "OSV", url: "https://osv.dev/vulnerability/RUSTSEC-2016-0001" });
    expect(v.references.map((r: { id: string }) => r.id)).toEqual(["GHSA-34p9-f4q3-c4r7", "RUSTSEC-2016-0001"]);
    expect(v.ratings).toEqual([
      {
        source: { name: "OSV" },
        score: 7.5,
        severity: "high",
        method: "CVSSv31",
        vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H",
      },
    ]);
    expect(v.description).toBe("SSL/TLS MitM vulnerability due to insecure defaults");
    expect(v.detail.length).toBeGreaterThan(100);
    expect(v.recommendation).toBe("Upgrade openssl to 0.9.0 or later.");
    expect(v.advisories).toEqual([{ url: "https://rustsec.org/advisories/RUSTSEC-2016-0001.html" }]);
    expect(v.published).toBe("2016-11-05T12:00:00.000Z");
    expect(v.updated).toBe("2023-06-13T13:10:24.000Z");
    expect(v.affects).toEqual([
      { ref: "pkg:cargo/openssl@0.0.1", versions: [{ version: "0.0.1", status: "affected" }] },
    ]);
    expect(v.analysis).toBeUndefined();
  });

  it("keeps KEV, EPSS, SSVC and the deadline as bulwark:* properties", () => {
    expect(props(vuln(render(), "CVE-2007-5712"))).toEqual({
      "bulwark:kev": "true",
      "bulwark:kev:dateAdded": "2022-03-25",
      "bulwark:kev:dueDate": "2022-04-15",
      "bulwark:kev:knownRansomwareCampaignUse": "Unknown",
      "bulwark:epss": "0.97",
      "bulwark:epss:percentile": "0.999",
      "bulwark:ssvc": "Act",
      "bulwark:ssvc:vector": "exploitation:active/automatable:yes/technical-impact:total/mission-wellbeing:medium",
      "bulwark:deadline": "2026-12-05",
      "bulwark:deadline:policy": "bod-26-04",
      "bulwark:deadline:label": "3 days",
      "bulwark:priority": "100",
    });
  });

  it("writes a VEX suppression as a not_affected analysis pointing at the second django entry", () => {
    const v = vuln(render(), "CVE-2008-2302");
    expect(v.analysis).toEqual({
      state: "not_affected",
      justification: "code_not_reachable",
      detail: "Suppressed by vex/openvex.json (vex): vulnerable_code_not_in_execute_path",
    });
    expect(v.affects).toEqual([
      { ref: "pkg:pypi/django@0.0.1#2", versions: [{ version: "0.0.1", status: "unaffected" }] },
    ]);
  });

  it("writes an undetermined finding as in_triage with the reason", () => {
    const v = vuln(render(), "ALBA-2022:2080");
    expect(v.analysis.state).toBe("in_triage");
    expect(v.analysis.detail).toContain("ecosystem suffix");
    expect(v.affects[0].versions[0].status).toBe("unknown");
    expect(v.ratings).toEqual([{ source: { name: "OSV" }, severity: "high", method: "other" }]);
  });

  it("splits one id by analysis, keeps CWEs, CVSS v4 and v2 methods and drops unsafe advisory URLs", () => {
    const doc = render(awkwardScanReport());
    const same = doc.vulnerabilities.filter((v: { id: string }) => v.id === "CVE-2024-99999");
    expect(same.map((v: { analysis?: { state: string } }) => v.analysis?.state)).toEqual([
      undefined,
      "not_affected",
      "not_affected",
    ]);
    expect(same.map((v: { "bom-ref": string }) => v["bom-ref"])).toEqual([
      "bulwark:vulnerability:CVE-2024-99999",
      "bulwark:vulnerability:CVE-2024-99999#2",
      "bulwark:vulnerability:CVE-2024-99999#3",
    ]);
    expect(same[0].cwes).toEqual([20, 1321]);
    expect(same[0].ratings[0].method).toBe("CVSSv4");
    expect(same[2].ratings[0].method).toBe("CVSSv2");
    expect(same[0].advisories).toEqual([{ url: "https://github.com/advisories/GHSA-xxxx-yyyy-zzzz" }]);
    expect(same[1].analysis.justification).toBe("code_not_reachable");
    expect(same[2].analysis).toEqual({
      state: "not_affected",
      detail: "Suppressed by bulwark.yaml (config): accepted risk until 2027",
    });
    expect(same[2].affects[0].ref).toMatch(/^bulwark:package:[0-9a-f]{32}$/);
    expect(vuln(doc, "RUSTSEC-2099-0001").ratings).toBeUndefined();
  });

  it("writes an empty scan as a BOM without components or vulnerabilities", () => {
    const doc = render(EMPTY_SCAN_REPORT);
    expect(doc.components).toEqual([]);
    expect(doc.vulnerabilities ?? []).toEqual([]);
  });

  it("renders the same bytes twice", () => {
    expect(cyclonedxJsonReporter.render(awkwardScanReport(), VEX_OPTIONS)).toBe(
      cyclonedxJsonReporter.render(awkwardScanReport(), VEX_OPTIONS),
    );
  });
});
