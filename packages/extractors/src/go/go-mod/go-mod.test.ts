import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diskRoot, runExtractor, runOnText } from "../../shared/testing.ts";
import type { ExtractedPackage } from "../../types.ts";
import { osvGoVersion } from "./go-version.ts";
import { goModExtractor } from "./index.ts";

const root = diskRoot(join(import.meta.dirname, "fixtures"));
const run = (path: string) => runExtractor(goModExtractor, root, path);
const find = (pkgs: readonly ExtractedPackage[], name: string) => pkgs.filter((p) => p.name === name);

describe("go/go-mod", () => {
  it("wants go.mod only", () => {
    expect(goModExtractor.fileRequired("go.mod")).toBe(true);
    expect(goModExtractor.fileRequired("cmd/tool/go.mod")).toBe(true);
    expect(goModExtractor.fileRequired("go.sum")).toBe(false);
    expect(goModExtractor.fileRequired("vendor/go.mod.bak")).toBe(false);
  });

  it("reads the prometheus go.mod with replace and exclude applied", async () => {
    const { packages, notes } = await run("prometheus/go.mod");
    expect(notes).toEqual([]);
    // 26 requires + stdlib - 1 excluded (grpc-gateway v1.14.7); the klog replaces rename 2 modules.
    expect(packages).toHaveLength(26);
    expect(packages[0]).toEqual({
      ecosystem: "Go",
      name: "stdlib",
      version: "1.18.0",
      purl: "pkg:golang/stdlib@v1.18.0",
      locations: [{ path: "prometheus/go.mod", line: 3 }],
    });
    expect(find(packages, "github.com/Azure/azure-sdk-for-go")[0]).toMatchObject({
      version: "65.0.0+incompatible",
      relation: "direct",
      locations: [{ path: "prometheus/go.mod", line: 6 }],
      purl: "pkg:golang/github.com/Azure/azure-sdk-for-go@v65.0.0+incompatible",
    });
    expect(find(packages, "github.com/alecthomas/units")[0]?.version).toBe("0.0.0-20211218093645-b94a6e3cc137");
    expect(find(packages, "github.com/scaleway/scaleway-sdk-go")[0]?.version).toBe("1.0.0-beta.9");
    expect(find(packages, "k8s.io/klog")).toEqual([]);
    expect(find(packages, "github.com/simonpasquier/klog-gokit")[0]).toMatchObject({
      version: "0.3.0",
      relation: "direct",
      locations: [{ path: "prometheus/go.mod", line: 19 }],
    });
    expect(find(packages, "github.com/simonpasquier/klog-gokit/v3")[0]?.version).toBe("3.0.0");
    expect(find(packages, "github.com/grpc-ecosystem/grpc-gateway")).toEqual([]);
    expect(find(packages, "golang.org/x/net")[0]).toMatchObject({ version: "0.1.0", relation: "transitive" });
    // In the third block a require without `// indirect` is direct even among indirect ones.
    expect(find(packages, "github.com/docker/distribution")[0]?.relation).toBe("direct");
    expect(find(packages, "github.com/Azure/go-autorest")[0]?.relation).toBe("transitive");
  });

  it("reads the osv-scanner go.mod (three-part go directive, pseudo-versions, +incompatible)", async () => {
    const { packages, notes } = await run("osv-scanner/go.mod");
    expect(notes).toEqual([]);
    expect(packages).toHaveLength(23);
    expect(packages[0]).toMatchObject({ name: "stdlib", version: "1.26.3" });
    expect(find(packages, "github.com/google/osv-scalibr")[0]).toMatchObject({
      version: "0.4.6-0.20260518035708-d200bdbc3d2c",
      relation: "direct",
      locations: [{ path: "osv-scanner/go.mod", line: 13 }],
    });
    expect(find(packages, "go.yaml.in/yaml/v4")[0]?.version).toBe("4.0.0-rc.4");
    expect(find(packages, "github.com/docker/docker")[0]).toMatchObject({
      version: "28.5.2+incompatible",
      relation: "transitive",
    });
    // The commented-out replace is not applied.
    expect(find(packages, "github.com/opencontainers/runtime-spec")).toEqual([]);
  });

  it("handles toolchain, quoted paths, local and version-specific replaces, excludes", async () => {
    const { packages, notes } = await run("edge/go.mod");
    expect(notes).toEqual([]);
    expect(packages.map((p) => `${p.name}@${p.version}:${p.relation ?? "-"}`)).toEqual([
      "stdlib@1.22.3:-",
      "golang.org/x/text@0.14.0:direct",
      "github.com/quoted/mod@1.2.3:transitive",
      "example.com/fork@1.1.1:direct",
      "github.com/pkg/errors@0.9.1:transitive",
      "github.com/back/quoted@0.1.0:direct",
    ]);
    expect(packages[0]?.locations).toEqual([{ path: "edge/go.mod", line: 6 }]);
    expect(packages[3]?.locations).toEqual([{ path: "edge/go.mod", line: 17 }]);
  });

  it("uses the go directive when the toolchain is `default`, and pads old versions", async () => {
    expect((await run("edge/rc.go.mod")).packages).toMatchObject([{ name: "stdlib", version: "1.21.0-rc.2" }]);
    const old = await run("edge/old.go.mod");
    expect(old.packages.map((p) => `${p.name}@${p.version}`)).toEqual(["stdlib@1.12.0", "github.com/a/b@1.0.0"]);
  });

  it("merges two require lines of the same module version", async () => {
    const text = "module m\n\nrequire a.b/c v1.0.0\nrequire a.b/c v1.0.0 // indirect\n";
    const { packages } = await runOnText(goModExtractor, "go.mod", text);
    expect(packages).toHaveLength(1);
    expect(packages[0]?.locations).toEqual([
      { path: "go.mod", line: 3 },
      { path: "go.mod", line: 4 },
    ]);
  });

  it("notes malformed files instead of throwing", async () => {
    expect((await run("edge/unterminated.go.mod")).notes).toEqual([
      {
        code: "BULWARK_EXTRACT_PARSE_FAILED",
        path: "edge/unterminated.go.mod",
        message: "go.mod: `require (` block is never closed",
        line: 5,
      },
    ]);
    const bad = await run("edge/bad-require.go.mod");
    expect(bad.packages).toEqual([]);
    expect(bad.notes[0]).toMatchObject({ code: "BULWARK_EXTRACT_PARSE_FAILED", line: 5 });
    const empty = await runOnText(goModExtractor, "go.mod", "go 1.21\n");
    expect(empty.notes[0]?.message).toBe("go.mod has no module directive");
    const quote = await runOnText(goModExtractor, "go.mod", 'module "m\n');
    expect(quote.notes[0]).toMatchObject({ code: "BULWARK_EXTRACT_PARSE_FAILED", line: 1 });
  });

  it("spells Go versions as OSV's stdlib records do", () => {
    expect(osvGoVersion("1.21")).toBe("1.21.0");
    expect(osvGoVersion("go1.22.3")).toBe("1.22.3");
    expect(osvGoVersion("1.21rc2")).toBe("1.21.0-rc.2");
    expect(osvGoVersion("go1.20beta1")).toBe("1.20.0-beta.1");
    expect(osvGoVersion("default")).toBeUndefined();
  });
});
