import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fixturePath, REPO_ROOT } from "@bulwark/core/testing";
import { INVENTORY_FORMATS } from "@bulwark/reporters";
import { Spec, Validation } from "@cyclonedx/cyclonedx-library";
import { Ajv2019 } from "ajv/dist/2019.js";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, runCli } from "../testing/run-cli.ts";
import { SBOM_FORMATS } from "./sbom.ts";

const EX = join(REPO_ROOT, "packages/extractors/src");
const work = mkdtempSync(join(tmpdir(), "bulwark-sbom-cli-"));
const project = join(work, "project");

beforeAll(() => {
  ensureBuilt();
  const files: Record<string, string> = {
    "web/package-lock.json": "npm/package-lock/fixtures/v3/package-lock.json",
    "api/poetry.lock": "pypi/poetry-lock/fixtures/poetry-2/poetry.lock",
    "api/pyproject.toml": "pypi/poetry-lock/fixtures/poetry-2/pyproject.toml",
    "svc/go.mod": "go/go-mod/fixtures/prometheus/go.mod",
    "rootfs/etc/os-release": "os/dpkg/fixtures/debian12/etc/os-release",
    "rootfs/var/lib/dpkg/status": "os/dpkg/fixtures/debian12/var/lib/dpkg/status",
  };
  for (const [to, from] of Object.entries(files)) {
    mkdirSync(dirname(join(project, to)), { recursive: true });
    copyFileSync(join(EX, from), join(project, to));
  }
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("bulwark sbom", () => {
  it("offers exactly the registered output formats", () => {
    expect([...SBOM_FORMATS]).toEqual([...INVENTORY_FORMATS]);
  });

  it("prints the native inventory of a project, with OS packages named by os-release", () => {
    const r = runCli(["sbom", project]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const inv = JSON.parse(r.stdout) as { packages: { ecosystem: string; name: string; sourceName?: string }[] };
    expect(new Set(inv.packages.map((p) => p.ecosystem))).toEqual(new Set(["Debian:12", "Go", "PyPI", "npm"]));
    expect(inv.packages.find((p) => p.name === "apt")?.sourceName).toBe("apt");
  });

  it("writes CycloneDX 1.6 JSON and XML that the CycloneDX library's validators accept", async () => {
    const json = join(work, "bom.cdx.json");
    const xml = join(work, "bom.cdx.xml");
    expect(runCli(["sbom", project, "--format", "cyclonedx-json", "-o", json]).code).toBe(0);
    expect(runCli(["sbom", project, "--format", "cyclonedx-xml", "-o", xml]).code).toBe(0);
    const jsonText = readFileSync(json, "utf8");
    expect(await new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(jsonText)).toBeNull();
    expect(await new Validation.XmlValidator(Spec.Version.v1dot6).validate(readFileSync(xml, "utf8"))).toBeNull();
    expect((JSON.parse(jsonText) as { components: unknown[] }).components.length).toBeGreaterThan(50);
    expect(readdirSync(work).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("writes SPDX 2.3 JSON that the official schema accepts, and tag-value", () => {
    const r = runCli(["sbom", project, "--format", "spdx-json"]);
    expect(r.code).toBe(0);
    const ajv = new Ajv2019({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(fixturePath("schemas/spdx/spdx-schema-2.3.json"), "utf8")));
    expect(validate(JSON.parse(r.stdout)), JSON.stringify(validate.errors)).toBe(true);
    const tv = runCli(["sbom", project, "--format", "spdx-tag-value"]);
    expect(tv.code).toBe(0);
    expect(tv.stdout).toMatch(/^SPDXVersion: SPDX-2\.3$/m);
    expect(tv.stdout).toMatch(/^ExternalRef: PACKAGE-MANAGER purl pkg:deb\/debian\/apt@/m);
  });

  it("warns about a malformed file on stderr, exits 0, and exits 3 with --strict", () => {
    const bad = join(work, "bad");
    mkdirSync(bad, { recursive: true });
    copyFileSync(join(EX, "npm/yarn-lock/fixtures/malformed/yarn.lock"), join(bad, "yarn.lock"));
    copyFileSync(join(EX, "go/go-mod/fixtures/prometheus/go.mod"), join(bad, "go.mod"));
    const r = runCli(["sbom", bad]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^warning\[BULWARK_EXTRACT_PARSE_FAILED\]: yarn\.lock:\d+: /m);
    expect(JSON.parse(r.stdout).notes.length).toBeGreaterThan(0);
    const strict = runCli(["sbom", bad, "--strict", "-q"]);
    expect(strict.code).toBe(3);
    expect(strict.stderr).toMatch(/^error\[BULWARK_POLICY_NOTES\]/m);
    expect(strict.stderr).not.toMatch(/warning\[/);
  });

  it("gives coded usage errors, never a stack trace", () => {
    const unknown = runCli(["sbom", project, "--format", "pdf"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^error\[BULWARK_CLI_USAGE\]: unknown format "pdf"/);
    const missing = runCli(["sbom", join(work, "missing")]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/^error\[BULWARK_INPUT_NOT_FOUND\]/);
    const size = runCli(["sbom", project, "--max-file-size", "lots"]);
    expect(size.code).toBe(2);
    expect(`${unknown.stderr}${missing.stderr}${size.stderr}`).not.toMatch(/\n\s+at /);
    const out = runCli(["sbom", project, "-o", join(work, "no/such/dir/bom.json")]);
    expect(out.code).toBe(3);
    expect(out.stderr).toMatch(/^error\[BULWARK_OUTPUT_WRITE_FAILED\]/);
    expect(existsSync(join(work, "no"))).toBe(false);
  });

  it("lists the extractors", () => {
    const r = runCli(["sbom", "--list-extractors"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^npm\/package-lock\s+/m);
    expect(r.stdout).toMatch(/^os\/rpm\s+/m);
  });
});
