import { describe, expect, it } from "vitest";
import { ALL_INVENTORIES, AWKWARD_INVENTORY, EMPTY_INVENTORY, IMAGE_INVENTORY, OPTIONS } from "../shared/testing.ts";
import { spdxJsonWriter } from "../spdx-json/index.ts";
import { spdxTagValueWriter } from "./index.ts";

type Pair = readonly [tag: string, value: string];

/** Test-only reader of SPDX tag-value: `Tag: value` lines, values in <text>…</text> may span lines. */
function readPairs(text: string): Pair[] {
  const pairs: Pair[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === "" || line.startsWith("#")) continue;
    const m = /^([A-Za-z]+): (.*)$/.exec(line);
    if (m === null) throw new Error(`line ${i + 1} is not "Tag: value": ${line}`);
    let value = m[2]!;
    if (value.startsWith("<text>")) {
      value = value.slice("<text>".length);
      while (!value.endsWith("</text>")) {
        i++;
        if (i >= lines.length) throw new Error("unterminated <text>");
        value += `\n${lines[i]}`;
      }
      value = value.slice(0, -"</text>".length);
    }
    pairs.push([m[1]!, value]);
  }
  return pairs;
}

interface Parsed {
  document: Map<string, string[]>;
  packages: Map<string, string[]>[];
  relationships: string[];
}

function add(map: Map<string, string[]>, tag: string, value: string): void {
  map.set(tag, [...(map.get(tag) ?? []), value]);
}

/** Group the pairs: document fields until the first PackageName, then one map per package. */
function parse(text: string): Parsed {
  const parsed: Parsed = { document: new Map(), packages: [], relationships: [] };
  let current = parsed.document;
  for (const [tag, value] of readPairs(text)) {
    if (tag === "Relationship") {
      parsed.relationships.push(value);
      continue;
    }
    if (tag === "PackageName") {
      current = new Map();
      parsed.packages.push(current);
    }
    add(current, tag, value);
  }
  return parsed;
}

function one(map: Map<string, string[]>, tag: string): string | undefined {
  const values = map.get(tag);
  expect(values?.length ?? 0, tag).toBeLessThanOrEqual(1);
  return values?.[0];
}

const DOCUMENT_TAGS = [
  "SPDXVersion",
  "DataLicense",
  "SPDXID",
  "DocumentName",
  "DocumentNamespace",
  "Creator",
  "Created",
];
const PACKAGE_TAGS = ["PackageName", "SPDXID", "PackageDownloadLocation", "FilesAnalyzed"];

describe("spdx-tag-value inventory writer", () => {
  for (const [label, inv] of Object.entries(ALL_INVENTORIES)) {
    it(`writes the ${label} inventory with every required field and only defined SPDXIDs in relationships`, () => {
      const parsed = parse(spdxTagValueWriter.render(inv, OPTIONS));
      for (const tag of DOCUMENT_TAGS) expect(parsed.document.get(tag), tag).toBeDefined();
      expect(one(parsed.document, "SPDXVersion")).toBe("SPDX-2.3");
      expect(one(parsed.document, "DataLicense")).toBe("CC0-1.0");
      expect(one(parsed.document, "SPDXID")).toBe("SPDXRef-DOCUMENT");
      for (const pkg of parsed.packages) {
        for (const tag of PACKAGE_TAGS) expect(one(pkg, tag), tag).toBeDefined();
        expect(one(pkg, "SPDXID")).toMatch(/^SPDXRef-[A-Za-z0-9.-]+$/);
        expect(one(pkg, "FilesAnalyzed")).toBe("false");
      }
      const ids = new Set(["SPDXRef-DOCUMENT", ...parsed.packages.map((p) => one(p, "SPDXID")!)]);
      expect(ids.size).toBe(parsed.packages.length + 1);
      expect(parsed.relationships).toContain("SPDXRef-DOCUMENT DESCRIBES SPDXRef-Subject");
      for (const rel of parsed.relationships) {
        const [from, type, to, ...rest] = rel.split(" ");
        expect(rest).toEqual([]);
        expect(type).toMatch(/^[A-Z_]+$/);
        expect(ids.has(from!), from).toBe(true);
        expect(ids.has(to!), to).toBe(true);
      }
    });

    it(`carries the same ${label} packages and relationships as the spdx-json writer`, () => {
      const json = JSON.parse(spdxJsonWriter.render(inv, OPTIONS));
      const parsed = parse(spdxTagValueWriter.render(inv, OPTIONS));
      expect(one(parsed.document, "DocumentName")).toBe(json.name);
      expect(one(parsed.document, "DocumentNamespace")).toBe(json.documentNamespace);
      expect(one(parsed.document, "Created")).toBe(json.creationInfo.created);
      expect(one(parsed.document, "DocumentComment")).toBe(json.comment);
      const fromText = parsed.packages.map((p) => ({
        SPDXID: one(p, "SPDXID"),
        name: one(p, "PackageName"),
        versionInfo: one(p, "PackageVersion"),
        sourceInfo: one(p, "PackageSourceInfo"),
        comment: one(p, "PackageComment"),
        purl: one(p, "ExternalRef")?.replace(/^PACKAGE-MANAGER purl /, ""),
        purpose: one(p, "PrimaryPackagePurpose"),
      }));
      const fromJson = json.packages.map(
        (p: {
          SPDXID: string;
          name: string;
          versionInfo?: string;
          sourceInfo?: string;
          comment?: string;
          externalRefs?: { referenceLocator: string }[];
          primaryPackagePurpose: string;
        }) => ({
          SPDXID: p.SPDXID,
          name: p.name,
          versionInfo: p.versionInfo,
          sourceInfo: p.sourceInfo,
          comment: p.comment,
          purl: p.externalRefs?.[0]?.referenceLocator,
          purpose: p.primaryPackagePurpose,
        }),
      );
      expect(fromText).toEqual(fromJson);
      expect(parsed.relationships).toEqual(
        json.relationships.map(
          (r: { spdxElementId: string; relationshipType: string; relatedSpdxElement: string }) =>
            `${r.spdxElementId} ${r.relationshipType} ${r.relatedSpdxElement}`,
        ),
      );
    });
  }

  it("starts with the document creation fields, in the order of the specification", () => {
    const text = spdxTagValueWriter.render(EMPTY_INVENTORY, OPTIONS);
    expect(text.split("\n").slice(0, 7)).toEqual([
      "SPDXVersion: SPDX-2.3",
      "DataLicense: CC0-1.0",
      "SPDXID: SPDXRef-DOCUMENT",
      "DocumentName: bulwark-inventory",
      "DocumentNamespace: https://spdx.org/spdxdocs/bulwark-bulwark-inventory-0f8fad5b-d9cb-469f-a165-70867728950e",
      "Creator: Tool: bulwark-0.1.0",
      "Created: 2025-03-04T05:06:07Z",
    ]);
  });

  it("writes a package block with its checksum, purl and purpose", () => {
    const parsed = parse(spdxTagValueWriter.render(IMAGE_INVENTORY, OPTIONS));
    expect(parsed.packages).toHaveLength(18);
    const subject = parsed.packages[0]!;
    expect(one(subject, "PackageChecksum")).toBe(
      "SHA256: 3f57d9401f8d42f986df300f0c69192fc41da28ccc8d797829467780db3dd741",
    );
    expect(one(subject, "PrimaryPackagePurpose")).toBe("CONTAINER");
    const django = parsed.packages.find((p) => one(p, "PackageName") === "Django")!;
    expect(one(django, "ExternalRef")).toBe("PACKAGE-MANAGER purl pkg:pypi/django@4.2.7");
    expect(one(django, "PackageSourceInfo")).toMatch(/^found in: srv\/tools\/requirements.txt:3; image layer: sha256:/);
  });

  it("puts multi-line values between <text> tags", () => {
    const text = spdxTagValueWriter.render(AWKWARD_INVENTORY, OPTIONS);
    expect(text).toContain("PackageName: <text>weird\nname</text>\n");
    expect(text).toContain(
      "DocumentComment: <text>Problems met while reading the inputs:\nBULWARK_EXTRACT_PARSE_FAILED bad <file>.json Unexpected token '<' & more</text>\n",
    );
    expect(text).toContain("PackageVersion: 1.0 RC'1\"\n");
  });
});
