import { describe, expect, it } from "vitest";
import { cleanReport, HUMAN_OPTIONS, hostileReport, manyFindingsReport } from "../shared/human-testing.ts";
import { sampleScanReport } from "../shared/sample-report.ts";
import { COMMENT_LIMIT_BYTES } from "./budget.ts";
import { markdownText } from "./escape.ts";
import { markdownReporter } from "./index.ts";

const render = (report = sampleScanReport(), opts = {}) =>
  markdownReporter.render(report, { ...HUMAN_OPTIONS, ...opts });

// Splits a table row on unescaped pipes, as GitHub does.
function cells(line: string): string[] {
  return line
    .slice(2, -2)
    .split(/(?<!\\) \| /)
    .map((c) => c.trim());
}

describe("markdown scan reporter", () => {
  it("renders the sample report as heading, summary and one table by priority", () => {
    const out = render().split("\n");
    expect(out.slice(0, 6)).toEqual([
      "## Bulwark scan: 3 vulnerabilities",
      "",
      "5 packages scanned, 3 vulnerabilities (1 critical, 1 high, 1 medium), 1 in KEV, 1 suppressed, 1 undetermined",
      "",
      "| Vulnerability | Package | Version | Fixed in | Severity | KEV | SSVC | Summary |",
      "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]);
    expect(out[6]).toMatch(
      /^\| \[CVE\\-2007\\-5712\]\(https:\/\/osv\.dev\/vulnerability\/PYSEC-2007-1\) \| django \\\(PyPI\\\) \| 0\.0\.1 \| 1\.1 \| critical 9\.8 \| \*\*KEV\*\* \| Act \| The internationalization/,
    );
    expect(out[7]).toBe(
      "| [CVE\\-2016\\-10931](https://osv.dev/vulnerability/RUSTSEC-2016-0001) | openssl \\(crates.io\\) | 0.0.1 | 0.9.0 | high 7.5 |  | Track\\* | SSL/TLS MitM vulnerability due to insecure defaults |",
    );
    expect(out[8]).toContain("(https://osv.dev/vulnerability/GO-2020-0001)");
    expect(out.at(-2)).toBe("<sub>bulwark 0.1.0, advisories updated 2026\\-12\\-01T08:00:00Z</sub>");
  });

  it("puts undetermined, suppressed and input problems in collapsed details", () => {
    const out = render(sampleScanReport(), { showSuppressed: true });
    expect(out).toContain("<details>\n<summary>1 undetermined</summary>\n\nBulwark could not tell");
    expect(out).toContain("the installed version 1.0.0\\-1.el9 is compared with an ecosystem suffix");
    expect(out).toContain("<summary>1 suppressed</summary>");
    expect(out).toContain("VEX not\\_affected \\(vulnerable\\_code\\_not\\_in\\_execute\\_path\\) in vex/openvex.json");
    expect(out).toContain("<summary>1 input problem</summary>");
    expect(render()).toContain("Not listed: run with `--show-suppressed`");
    expect(render()).not.toContain("CVE\\-2008\\-2302");
  });

  it("has no table when nothing is found", () => {
    expect(render(cleanReport())).toBe(
      "## Bulwark scan: no known vulnerabilities\n\n5 packages scanned, no known vulnerabilities, 0 suppressed, 0 undetermined\n\n<sub>bulwark 0.1.0, advisories updated 2026\\-12\\-01T08:00:00Z</sub>\n",
    );
  });

  it("keeps advisory text from breaking the table, injecting HTML or mentioning users", () => {
    const out = render(hostileReport());
    const line = out.split("\n").find((l) => l.includes("alert(1)") || l.includes("alert\\(1\\)"))!;
    expect(cells(line)).toHaveLength(8);
    expect(out).not.toMatch(/(?<!\\)<(script|img)/);
    expect(out).not.toContain("\u001b");
    expect(out).toContain("@&#8203;octocat");
    expect(out).toContain('open"ssl\\<img src=x onerror=alert\\(2\\)\\>\\|x');
    expect(markdownText("a|b *c* [d](e) `f` <g>")).toBe("a\\|b \\*c\\* \\[d\\]\\(e\\) \\`f\\` \\<g\\>");
  });

  it("stays under GitHub's comment limit with 2,000 findings and says what it left out", () => {
    const out = render(manyFindingsReport(2000));
    expect(Buffer.byteLength(out, "utf8")).toBeLessThanOrEqual(COMMENT_LIMIT_BYTES);
    const rows = out.split("\n").filter((l) => l.startsWith("| [CVE"));
    expect(rows.length).toBeGreaterThan(100);
    expect(rows.length).toBeLessThan(2000);
    expect(out).toContain(`… ${2000 - rows.length} more not shown: GitHub comments are limited to 65,536 characters.`);
    // The most urgent ones are the ones kept.
    expect(rows[0]).toContain("CVE\\-2030\\-10000");
  });

  it("shows every row of a report that fits", () => {
    const out = render(manyFindingsReport(50));
    expect(out.split("\n").filter((l) => l.startsWith("| [CVE"))).toHaveLength(50);
    expect(out).not.toContain("more not shown");
  });

  it("is deterministic", () => {
    expect(render(manyFindingsReport(300))).toBe(render(manyFindingsReport(300)));
  });
});
