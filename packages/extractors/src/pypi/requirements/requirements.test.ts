import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diskRoot, runExtractor, runOnText } from "../../shared/testing.ts";
import { classifyLine, pinnedVersion } from "./classify.ts";
import { requirementsExtractor } from "./index.ts";
import { logicalLines } from "./logical-lines.ts";

const root = diskRoot(join(import.meta.dirname, "fixtures"));
const run = (path: string) => runExtractor(requirementsExtractor, root, path);
const summary = (pkgs: readonly { name: string; version: string }[]) => pkgs.map((p) => `${p.name}==${p.version}`);

describe("pypi/requirements", () => {
  it("wants requirements and constraints files, not *.in", () => {
    const wants = (p: string) => requirementsExtractor.fileRequired(p);
    expect(wants("requirements.txt")).toBe(true);
    expect(wants("app/requirements-dev.txt")).toBe(true);
    expect(wants("dev-requirements.txt")).toBe(true);
    expect(wants("requirements/prod.txt")).toBe(true);
    expect(wants("constraints.txt")).toBe(true);
    expect(wants("requirements.in")).toBe(false);
    expect(wants("requirements/base.in")).toBe(false);
    expect(wants("docs/notes.txt")).toBe(false);
  });

  it("reads a real pip-compile file with hashes: every pin, direct, with its line", async () => {
    const { packages, notes } = await run("pontoon/requirements/test.txt");
    expect(notes).toEqual([]);
    expect(packages).toHaveLength(15);
    expect(packages[0]).toEqual({
      ecosystem: "PyPI",
      name: "amqp",
      version: "2.6.1",
      purl: "pkg:pypi/amqp@2.6.1",
      locations: [{ path: "pontoon/requirements/test.txt", line: 7 }],
      relation: "direct",
    });
    const fluent = packages.find((p) => p.name === "fluent.syntax");
    expect(fluent).toMatchObject({ version: "0.18.1", purl: "pkg:pypi/fluent-syntax@0.18.1" });
    expect(fluent?.locations).toEqual([{ path: "pontoon/requirements/test.txt", line: 89 }]);
    expect(packages.find((p) => p.name === "black")?.version).toBe("19.10b0");
  });

  it("follows -r and -c includes relative to the including file; constraints pin unpinned requirements", async () => {
    const { packages, notes } = await run("pontoon/requirements.txt");
    // 15 from test.txt, 1 from lint.txt, 3 pinned by constraints, python-dateutil (Django merges with test.txt's django).
    expect(packages).toHaveLength(20);
    expect(packages.find((p) => p.name === "ruff")).toMatchObject({
      version: "0.8.2",
      locations: [{ path: "pontoon/requirements/lint.txt", line: 3 }],
    });
    expect(packages.find((p) => p.name === "requests")).toMatchObject({
      version: "2.21.0",
      relation: "direct",
      locations: [
        { path: "pontoon/requirements.txt", line: 10 },
        { path: "pontoon/requirements/constraints.txt", line: 34 },
      ],
    });
    expect(packages.find((p) => p.name === "Jinja2")?.version).toBe("2.10.1");
    expect(packages.find((p) => p.name === "sqlparse")?.version).toBe("0.1.19");
    // Constraint-only entries are not packages.
    expect(packages.find((p) => p.name === "joblib")).toBeUndefined();
    expect(packages.find((p) => p.name === "python-dateutil")?.locations).toEqual([
      { path: "pontoon/requirements.txt", line: 13 },
    ]);
    expect(packages.find((p) => p.name === "django")?.locations).toEqual([
      { path: "pontoon/requirements/test.txt", line: 82 },
      { path: "pontoon/requirements.txt", line: 14 },
    ]);
    expect(notes).toEqual([]);
  });

  it("reads a constraints file scanned on its own as a pin list without relation", async () => {
    const { packages, notes } = await run("pontoon/requirements/constraints.txt");
    expect(notes).toEqual([]);
    expect(summary(packages)).toEqual([
      "webencodings==0.5.1",
      "joblib==0.13.2",
      "Jinja2==2.10.1",
      "functools32==3.2.3-2",
      "requests==2.21.0",
      "sqlparse==0.1.19",
    ]);
    expect(packages[0]?.relation).toBeUndefined();
  });

  it("handles pins, extras, markers, continuations, VCS/URL lines, cycles and bad lines", async () => {
    const { packages, notes } = await run("edge/requirements-dev.txt");
    expect(summary(packages)).toEqual([
      "urllib3==2.0.7",
      "Arrow==1.2.3",
      "PyYAML==6.0.1",
      "six==1.16.0",
      "Django==4.2.7",
    ]);
    expect(packages[0]?.locations).toEqual([{ path: "edge/requirements/base.txt", line: 2 }]);
    expect(packages.find((p) => p.name === "six")?.locations).toEqual([
      { path: "edge/requirements-dev.txt", line: 13 },
    ]);
    expect(packages.find((p) => p.name === "Django")?.locations).toEqual([
      { path: "edge/requirements-dev.txt", line: 20 },
      { path: "edge/requirements-dev.txt", line: 21 },
    ]);
    expect(notes.map((n) => `${n.code}:${n.line}`)).toEqual([
      "BULWARK_EXTRACT_REFERENCE_MISSING:3",
      "BULWARK_EXTRACT_UNPINNED:15",
      "BULWARK_EXTRACT_UNPINNED:17",
      "BULWARK_EXTRACT_UNPINNED:19",
      "BULWARK_EXTRACT_PARSE_FAILED:22",
      "BULWARK_EXTRACT_UNPINNED:7",
      "BULWARK_EXTRACT_UNPINNED:8",
      "BULWARK_EXTRACT_UNPINNED:9",
      "BULWARK_EXTRACT_UNPINNED:10",
    ]);
    expect(notes[0]).toMatchObject({
      path: "edge/requirements-dev.txt",
      message: "included file not found: missing.txt",
    });
    expect(notes[5]?.message).toBe("zope.interface has no exact version (== or ===)");
  });

  it("stops at the include depth limit and refuses includes leaving the root or remote ones", async () => {
    const chain: Record<string, string> = {};
    for (let i = 0; i < 20; i++) chain[`r${i}.txt`] = `-r r${i + 1}.txt\npkg${i}==1.0\n`;
    const { packages, notes } = await runOnText(requirementsExtractor, "requirements.txt", "-r r0.txt\n", chain);
    expect(packages).toHaveLength(16);
    expect(notes).toMatchObject([{ code: "BULWARK_EXTRACT_REFERENCE_MISSING", path: "r15.txt", line: 1 }]);
    const outside = await runOnText(
      requirementsExtractor,
      "requirements.txt",
      "-r ../../etc/x.txt\n-c https://x/c.txt\n",
    );
    expect(outside.notes.map((n) => n.message)).toEqual([
      "include not followed: ../../etc/x.txt",
      "include not followed: https://x/c.txt",
    ]);
  });

  it("splits logical lines like pip", () => {
    expect(logicalLines("a==1 \\\n  --hash=x\n# c\nb # c\nurl#egg=x\n")).toEqual([
      { text: "a==1    --hash=x", line: 1 },
      { text: "b", line: 4 },
      { text: "url#egg=x", line: 5 },
    ]);
  });

  it("classifies lines and recognises exact pins only", () => {
    expect(classifyLine("-rbase.txt")).toEqual({ kind: "include", target: "base.txt", constraint: false });
    expect(classifyLine("--constraint=c.txt")).toEqual({ kind: "include", target: "c.txt", constraint: true });
    expect(classifyLine("-e .")).toEqual({ kind: "local" });
    expect(classifyLine("--index-url https://x")).toEqual({ kind: "option" });
    expect(classifyLine("name (==1.0)")).toEqual({ kind: "requirement", name: "name", specifier: "==1.0" });
    expect(classifyLine("x @ https://h/x-1.0-py3-none-any.whl")).toEqual({ kind: "reference", pinned: true });
    expect(pinnedVersion("==1.2.3")).toBe("1.2.3");
    expect(pinnedVersion("=== 1.0+local")).toBe("1.0+local");
    expect(pinnedVersion("==1.*")).toBeUndefined();
    expect(pinnedVersion(">=1,==1.2")).toBeUndefined();
    expect(pinnedVersion("")).toBeUndefined();
  });
});
