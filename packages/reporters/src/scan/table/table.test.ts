import { describe, expect, it } from "vitest";
import { cleanReport, emptyReport, HUMAN_OPTIONS, hostileReport, manyFindingsReport } from "../shared/human-testing.ts";
import { displayWidth } from "../shared/human-text.ts";
import { sampleScanReport } from "../shared/sample-report.ts";
import { tableReporter } from "./index.ts";

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI sequences start with ESC
const ANSI = /\u001b\[[0-9;]*m/g;
const render = (report = sampleScanReport(), opts = {}) => tableReporter.render(report, { ...HUMAN_OPTIONS, ...opts });
const lines = (text: string) => text.split("\n");

describe("table scan reporter", () => {
  it("renders the sample report at 120 columns", () => {
    const out = lines(render());
    expect(out.slice(0, 3)).toEqual([
      "PyPI django@0.0.1  api/requirements.txt:4  upgrade to 1.1",
      "  ID              SEVERITY      KEV  EPSS   SSVC    DEADLINE    FIXED IN  SUMMARY",
      "  CVE-2007-5712   critical 9.8  KEV  97.0%  Act     2026-12-05  1.1       The internationalization (i18n) framework in …",
    ]);
    expect(out).toContain("crates.io openssl@0.0.1  Cargo.lock:120");
    expect(out).toContain(
      "  CVE-2016-10931  high 7.5           1.2%   Track*  2027-01-31  0.9.0     SSL/TLS MitM vulnerability due to insecure de…",
    );
    expect(out).toContain("Go github.com/gin-gonic/gin@0.0.1  svc/go.mod:9  upgrade to 1.6.0 (major upgrade!)");
    expect(out).toContain(
      "  CVE-2020-36567  medium             -      Track   -           1.6.0     Arbitrary log line injection in github.com/gi…",
    );
    expect(out.at(-2)).toBe(
      "5 packages scanned, 3 vulnerabilities (1 critical, 1 high, 1 medium), 1 in KEV, 1 suppressed, 1 undetermined",
    );
    expect(out.at(-1)).toBe("");
  });

  it("sorts packages and findings by priority", () => {
    const out = render();
    const at = (id: string) => out.indexOf(id);
    expect(at("CVE-2007-5712")).toBeLessThan(at("CVE-2016-10931"));
    expect(at("CVE-2016-10931")).toBeLessThan(at("CVE-2020-36567"));
    expect(at("CVE-2020-36567")).toBeLessThan(at("ALBA-2022:2080"));
  });

  it("lists undetermined findings in their own section with the reason", () => {
    const out = lines(render());
    const start = out.indexOf("Undetermined (1): could not tell whether the installed version is affected");
    expect(start).toBeGreaterThan(0);
    expect(out.slice(start + 1, start + 5)).toEqual([
      "  AlmaLinux:8 sudo@1.0.0-1.el9 (source openssl)  var/lib/rpm/rpmdb.sqlite",
      "    ALBA-2022:2080  high  fixed in 1.8.29-8.el8",
      "      sudo bug fix and enhancement update",
      "      reason: the installed version 1.0.0-1.el9 is compared with an ecosystem suffix the record does not name",
    ]);
  });

  it("only counts suppressed findings unless showSuppressed, then says why", () => {
    const hidden = render();
    expect(hidden).toContain("1 suppressed finding not shown (--show-suppressed lists them)");
    expect(hidden).not.toContain("CVE-2008-2302");
    const shown = lines(render(sampleScanReport(), { showSuppressed: true }));
    const start = shown.indexOf("Suppressed (1)");
    expect(shown.slice(start + 1, start + 3)).toEqual([
      "  PyPI django@0.0.1  api/requirements.txt:9",
      "    CVE-2008-2302  low 3.1  fixed in 1.1",
    ]);
    expect(shown).toContain(
      "      suppressed: VEX not_affected (vulnerable_code_not_in_execute_path) in vex/openvex.json",
    );
  });

  it("reports input problems", () => {
    expect(render()).toContain("  legacy/yarn.lock:7 BULWARK_EXTRACT_PARSE_FAILED: line 7: not a yarn.lock header");
  });

  it("says no known vulnerabilities when there are none", () => {
    expect(render(cleanReport())).toBe("5 packages scanned, no known vulnerabilities, 0 suppressed, 0 undetermined\n");
    expect(render(emptyReport())).toBe("0 packages scanned, no known vulnerabilities, 0 suppressed, 0 undetermined\n");
  });

  it("warns when the database is stale", () => {
    const report = { ...cleanReport(), database: { path: "db", lastUpdate: "2026-01-01T00:00:00Z", stale: true } };
    expect(render(report)).toContain("warning: the advisory database is stale (last update 2026-01-01T00:00:00Z)");
  });

  for (const width of [20, 60, 80, 120, 200]) {
    it(`keeps every line within ${width} columns`, () => {
      for (const report of [sampleScanReport(), hostileReport(), manyFindingsReport(30)]) {
        for (const showSuppressed of [false, true]) {
          for (const color of [false, true]) {
            const out = render(report, { width, showSuppressed, color });
            for (const line of lines(out)) expect(displayWidth(line.replace(ANSI, ""))).toBeLessThanOrEqual(width);
          }
        }
      }
    });
  }

  it("switches to one block per finding when the columns do not fit", () => {
    const out = lines(render(sampleScanReport(), { width: 60 }));
    expect(out.slice(0, 4)).toEqual([
      "PyPI django@0.0.1  api/requirements.txt:4  upgrade to 1.1",
      "  CVE-2007-5712  critical 9.8  KEV",
      "    EPSS 97.0%  SSVC Act  due 2026-12-05  fixed in 1.1",
      "    The internationalization (i18n) framework in Django 0.9…",
    ]);
  });

  it("uses ANSI colour only when asked", () => {
    expect(render()).not.toMatch(ANSI);
    expect(render(sampleScanReport(), { showSuppressed: true, width: 60 })).not.toMatch(ANSI);
    const coloured = render(sampleScanReport(), { color: true });
    expect(coloured).toContain("\u001b[1;31mcritical 9.8\u001b[0m");
    expect(coloured).toContain("\u001b[1;31mKEV\u001b[0m");
    expect(coloured.replace(ANSI, "")).toBe(render());
  });

  it("strips escape sequences and controls that come from advisory text", () => {
    const out = render(hostileReport(), { width: 200 });
    expect(out).not.toContain("\u001b");
    expect(out).toContain("<script>alert(1)</script> | *bold*");
  });

  it("is deterministic", () => {
    expect(render(manyFindingsReport(50))).toBe(render(manyFindingsReport(50)));
  });
});
