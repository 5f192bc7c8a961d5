import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { cleanReport, emptyReport, HUMAN_OPTIONS, hostileReport, manyFindingsReport } from "../shared/human-testing.ts";
import { sampleScanReport } from "../shared/sample-report.ts";
import { SCRIPT } from "./assets.ts";
import { htmlReporter } from "./index.ts";

const render = (report = sampleScanReport(), opts = {}) => htmlReporter.render(report, { ...HUMAN_OPTIONS, ...opts });

const VOID = new Set(["meta", "input", "br", "link", "img", "hr", "wbr", "source", "area", "base", "col", "embed"]);

/** Checks that tags balance (void elements aside), treating script and style contents as raw text. */
function unbalancedTags(html: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  const tag = /<!--[\s\S]*?-->|<!DOCTYPE[^>]*>|<\/?([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*>/g;
  let m: RegExpExecArray | null = tag.exec(html);
  while (m !== null) {
    const name = m[1]?.toLowerCase();
    if (name !== undefined && !VOID.has(name)) {
      if (m[0].startsWith("</")) {
        const open = stack.pop();
        if (open !== name) problems.push(`</${name}> closes <${open}>`);
      } else {
        stack.push(name);
        if (name === "script" || name === "style") {
          const end = html.indexOf(`</${name}>`, tag.lastIndex);
          tag.lastIndex = end;
        }
      }
    }
    m = tag.exec(html);
  }
  return [...problems, ...stack.map((s) => `<${s}> never closed`)];
}

function blocks(html: string, name: string): string[] {
  return [...html.matchAll(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`, "g"))].map((m) => m[1]!);
}

const decode = (s: string) =>
  s
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");

describe("html scan reporter", () => {
  const reports = {
    sample: sampleScanReport(),
    clean: cleanReport(),
    empty: emptyReport(),
    hostile: hostileReport(),
    many: manyFindingsReport(200),
  };

  for (const [label, report] of Object.entries(reports)) {
    it(`writes balanced tags for the ${label} report`, () => {
      for (const showSuppressed of [false, true]) {
        const out = render(report, { showSuppressed });
        expect(out.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
        expect(unbalancedTags(out)).toEqual([]);
      }
    });

    it(`loads nothing from outside the file for the ${label} report`, () => {
      const out = render(report, { showSuppressed: true });
      const refs = [...out.matchAll(/\b(src|href)\s*=\s*"([^"]*)"/gi)].map((m) => [m[1], m[2]] as const);
      for (const [attr, url] of refs) {
        expect(attr).toBe("href");
        expect(url).toMatch(/^https:\/\/osv\.dev\/vulnerability\//);
      }
      expect(out).not.toMatch(/<link\b|@import|url\(/i);
      expect(out).not.toMatch(/<script[^>]*\bsrc/i);
    });
  }

  it("allows exactly its own inline script and style in the Content-Security-Policy", () => {
    const out = render();
    const csp = decode(/http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(out)![1]!);
    const hash = (s: string) => `'sha256-${createHash("sha256").update(s).digest("base64")}'`;
    const [script] = blocks(out, "script");
    const [style] = blocks(out, "style");
    expect(csp).toBe(
      `default-src 'none'; script-src ${hash(script!)}; style-src ${hash(style!)}; base-uri 'none'; form-action 'none'`,
    );
    expect(blocks(out, "script")).toHaveLength(1);
    expect(blocks(out, "style")).toHaveLength(1);
    // Inline style attributes and event handler attributes would be blocked by this policy.
    expect(out).not.toMatch(/\sstyle="|\son[a-z]+="/i);
  });

  it("escapes every report string", () => {
    const out = render(hostileReport());
    expect(out).not.toContain("<script>alert(1)</script>");
    expect(out).toContain("&lt;script&gt;alert(1)&lt;/script&gt; | *bold*");
    expect(out).not.toContain("<img");
    expect(out).toContain("open&quot;ssl&lt;img src=x onerror=alert(2)&gt;|x");
    expect(out).toContain("0.0.1&amp;amp;");
    expect(out).not.toContain("\u001b");
  });

  it("shows the summary, a severity chart and the findings in priority order", () => {
    const out = render();
    expect(out).toContain(
      `<p class="summary">5 packages scanned, 3 vulnerabilities (1 critical, 1 high, 1 medium), 1 in KEV, 1 suppressed, 1 undetermined</p>`,
    );
    expect(out).toContain(
      '<title id="chart-desc">Vulnerabilities by severity: 1 critical, 1 high, 1 medium, 0 low, 0 none, 0 unknown</title>',
    );
    expect(out).toContain(`<rect x="80" y="2" width="320" height="18" class="bar sev-critical"></rect>`);
    expect(out).toContain(`<rect x="80" y="80" width="0" height="18" class="bar sev-low"></rect>`);
    const findings = /<table id="findings">[\s\S]*?<\/table>/.exec(out)![0];
    const ids = [...findings.matchAll(/rel="noopener noreferrer">([^<]+)<\/a>/g)].map((m) => m[1]);
    expect(ids).toEqual(["CVE-2007-5712", "CVE-2016-10931", "CVE-2020-36567"]);
    expect(findings).toContain(`<a href="https://osv.dev/vulnerability/PYSEC-2007-1" rel="noopener noreferrer">`);
    expect(findings).toContain(`<tr data-severity="critical" data-order="0">`);
    expect(findings).toContain(`<td class="sev sev-critical" data-sort="609.8">critical 9.8</td>`);
    expect(findings).toContain(`<th scope="col" data-type="number"><button type="button">EPSS</button></th>`);
    expect(out).toContain(`<option value="critical">critical (1)</option>`);
    expect(out).toContain("<li>Go github.com/gin-gonic/gin@0.0.1: upgrade to 1.6.0 (major upgrade!)</li>");
  });

  it("has undetermined and suppressed sections", () => {
    const shown = render(sampleScanReport(), { showSuppressed: true });
    expect(shown).toContain("<h2>Undetermined (1)</h2>");
    expect(shown).toContain(
      "<td>the installed version 1.0.0-1.el9 is compared with an ecosystem suffix the record does not name</td>",
    );
    expect(shown).toContain("<h2>Suppressed (1)</h2>");
    expect(shown).toContain("<td>VEX not_affected (vulnerable_code_not_in_execute_path) in vex/openvex.json</td>");
    const hidden = render();
    expect(hidden).toContain('<h2>Suppressed (1)</h2>\n<p class="muted">Not listed');
    expect(hidden).not.toContain("CVE-2008-2302");
  });

  it("says there are no known vulnerabilities when there are none", () => {
    const out = render(cleanReport());
    expect(out).toContain("<p>No known vulnerabilities.</p>");
    expect(out).not.toContain('id="findings"');
  });

  it("ships a script that parses", () => {
    expect(() => new Function(SCRIPT)).not.toThrow();
  });

  it("is deterministic", () => {
    expect(render(manyFindingsReport(100))).toBe(render(manyFindingsReport(100)));
  });
});
