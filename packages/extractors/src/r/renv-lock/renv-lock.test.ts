import { describe, expect, it } from "vitest";
import { diskRoot, runExtractor, runOnText } from "../../shared/testing.ts";
import { renvLockExtractor } from "./index.ts";

const fixtures = diskRoot(`${import.meta.dirname}/fixtures`);
const run = (file: string) => runExtractor(renvLockExtractor, fixtures, file);

describe("r/renv-lock", () => {
  it("wants renv.lock files only", () => {
    expect(renvLockExtractor.fileRequired("analysis/renv.lock")).toBe(true);
    expect(renvLockExtractor.fileRequired("renv/activate.R")).toBe(false);
  });

  it("splits CRAN and Bioconductor packages of a real lockfile, with lines", async () => {
    const { packages, notes } = await run("deseq2-fgsea.renv.lock");
    expect(notes).toEqual([]);
    expect(packages).toHaveLength(13);
    expect(packages.filter((p) => p.ecosystem === "Bioconductor").map((p) => p.name)).toEqual([
      "AnnotationDbi",
      "DESeq2",
      "S4Vectors",
    ]);
    expect(packages.find((p) => p.name === "BH")).toEqual({
      ecosystem: "CRAN",
      name: "BH",
      version: "1.78.0-0",
      locations: [{ path: "deseq2-fgsea.renv.lock", line: 21 }],
      purl: "pkg:cran/BH@1.78.0-0",
    });
    expect(packages.find((p) => p.name === "DESeq2")).toEqual({
      ecosystem: "Bioconductor",
      name: "DESeq2",
      version: "1.38.2",
      locations: [{ path: "deseq2-fgsea.renv.lock", line: 28 }],
    });
    expect(packages.find((p) => p.name === "data.table")).toMatchObject({
      version: "1.14.6",
      locations: [{ line: 75 }],
    });
    expect(packages.find((p) => p.name === "here")?.locations).toEqual([{ path: "deseq2-fgsea.renv.lock", line: 96 }]);
  });

  it("keeps GitHub installs under CRAN, reads newer Bioconductor records, skips local packages", async () => {
    const { packages, notes } = await run("remotes-and-edge-cases.renv.lock");
    expect(packages.map((p) => `${p.ecosystem}/${p.name}@${p.version}`)).toEqual([
      "CRAN/cli@3.6.3",
      "Bioconductor/edgeR@4.2.1",
      "CRAN/gt@0.11.0.9000",
    ]);
    expect(packages[2]?.locations).toEqual([{ path: "remotes-and-edge-cases.renv.lock", line: 31 }]);
    expect(notes).toEqual([
      {
        code: "BULWARK_EXTRACT_PARSE_FAILED",
        path: "remotes-and-edge-cases.renv.lock",
        message: "package nover has no Version",
        line: 51,
      },
      {
        code: "BULWARK_EXTRACT_PARSE_FAILED",
        path: "remotes-and-edge-cases.renv.lock",
        message: "package odd is not an object",
        line: 56,
      },
    ]);
  });

  it("turns malformed JSON and wrong types into notes", async () => {
    const bad = await run("malformed.renv.lock");
    expect(bad.packages).toEqual([]);
    expect(bad.notes.map((n) => n.code)).toEqual(["BULWARK_EXTRACT_PARSE_FAILED"]);
    const wrong = await run("wrong-type.renv.lock");
    expect(wrong.notes.map((n) => n.message)).toEqual(["`Packages` is not an object"]);
    const scalar = await runOnText(renvLockExtractor, "renv.lock", "5");
    expect(scalar.notes.map((n) => n.message)).toEqual(["renv.lock is not a JSON object"]);
  });

  it("reads a lockfile without packages", async () => {
    expect(await runOnText(renvLockExtractor, "renv.lock", '{"R": {"Version": "4.3.0"}}')).toEqual({
      packages: [],
      notes: [],
    });
  });
});
