import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diskRoot, runExtractor, runOnText } from "../../shared/testing.ts";
import { distInfoExtractor } from "./index.ts";

const root = diskRoot(join(import.meta.dirname, "fixtures/site-packages"));
const run = (path: string) => runExtractor(distInfoExtractor, root, path);

describe("pypi/dist-info", () => {
  it("wants METADATA in .dist-info, PKG-INFO in .egg-info and single-file .egg-info", () => {
    const wants = (p: string) => distInfoExtractor.fileRequired(p);
    expect(wants("usr/lib/python3/dist-packages/PyYAML-6.0.dist-info/METADATA")).toBe(true);
    expect(wants("six-1.16.0.egg-info/PKG-INFO")).toBe(true);
    expect(wants("usr/lib/python3/dist-packages/python_apt-2.6.0.egg-info")).toBe(true);
    expect(wants("PyYAML-6.0.dist-info/RECORD")).toBe(false);
    expect(wants("src/METADATA")).toBe(false);
    expect(wants("dist/foo-1.0/PKG-INFO")).toBe(false);
  });

  it("reads Debian's PyYAML METADATA, keeping the distribution's spelling", async () => {
    expect(await run("PyYAML-6.0.dist-info/METADATA")).toEqual({
      packages: [
        {
          ecosystem: "PyPI",
          name: "PyYAML",
          version: "6.0",
          purl: "pkg:pypi/pyyaml@6.0",
          locations: [{ path: "PyYAML-6.0.dist-info/METADATA", line: 2 }],
        },
      ],
      notes: [],
    });
  });

  it("reads only the header block (distro's description mentions Name:/Version: lines)", async () => {
    const { packages } = await run("distro-1.8.0.dist-info/METADATA");
    expect(packages.map((p) => `${p.name}@${p.version}`)).toEqual(["distro@1.8.0"]);
    expect((await run("pip-24.2.dist-info/METADATA")).packages[0]?.version).toBe("24.2");
  });

  it("reads egg-info PKG-INFO, also from a directory without a version in its name", async () => {
    expect((await run("six-1.16.0.egg-info/PKG-INFO")).packages[0]).toMatchObject({ name: "six", version: "1.16.0" });
    expect((await run("cryptography.egg-info/PKG-INFO")).packages[0]).toMatchObject({
      name: "cryptography",
      version: "38.0.4",
    });
    const single = await run("python_apt_legacy-2.6.0.egg-info");
    expect(single.packages.map((p) => `${p.name}@${p.version}`)).toEqual(["python-apt-legacy@2.6.0"]);
  });

  it("notes metadata without a version, or binary junk", async () => {
    expect((await run("broken-0.1.dist-info/METADATA")).notes).toEqual([
      {
        code: "BULWARK_EXTRACT_PARSE_FAILED",
        path: "broken-0.1.dist-info/METADATA",
        message: "core metadata lacks a Name or Version header",
      },
    ]);
    const junk = await runOnText(distInfoExtractor, "x.dist-info/METADATA", "\u0000\u0001\n\nName: a\nVersion: 1\n");
    expect(junk.packages).toEqual([]);
    expect(junk.notes[0]?.code).toBe("BULWARK_EXTRACT_PARSE_FAILED");
  });
});
