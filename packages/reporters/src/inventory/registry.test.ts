import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "@bulwark/core/testing";
import { describe, expect, it } from "vitest";
import { INVENTORY_FORMATS, INVENTORY_WRITERS, inventoryWriterFor } from "./registry.ts";
import { ALL_INVENTORIES, EMPTY_INVENTORY, IMAGE_INVENTORY, OPTIONS, reversed } from "./shared/testing.ts";

const HERE = import.meta.dirname;
const DOC = join(REPO_ROOT, "docs/extending/reporters.md");

function foldersOnDisk(): string[] {
  return readdirSync(HERE)
    .filter((f) => f !== "shared" && statSync(join(HERE, f)).isDirectory())
    .sort();
}

interface DocRow {
  format: string;
  mediaType: string;
  fileExtension: string;
}

// Rows of the form "| `format` | `media/type` | `.ext` | notes |".
function documentedRows(): DocRow[] {
  const doc = readFileSync(DOC, "utf8");
  return [...doc.matchAll(/^\| `([a-z0-9-]+)` \| `([^`]+)` \| `([^`]+)` \|/gm)].map((m) => ({
    format: m[1]!,
    mediaType: m[2]!,
    fileExtension: m[3]!,
  }));
}

describe("inventory writer registry", () => {
  it("lists exactly the format folders on disk, each with an index.ts, a README and a test", () => {
    expect([...INVENTORY_FORMATS].sort()).toEqual(foldersOnDisk());
    for (const format of INVENTORY_FORMATS) {
      expect(existsSync(join(HERE, format, "index.ts")), `${format}/index.ts`).toBe(true);
      expect(existsSync(join(HERE, format, "README.md")), `${format}/README.md`).toBe(true);
      expect(
        readdirSync(join(HERE, format)).some((f) => f.endsWith(".test.ts")),
        `${format} has a test`,
      ).toBe(true);
    }
  });

  it("matches the table in docs/extending/reporters.md, row for row and in order", () => {
    const rows = INVENTORY_WRITERS.map((w) => ({
      format: w.format,
      mediaType: w.mediaType,
      fileExtension: w.fileExtension,
    }));
    expect(documentedRows()).toEqual(rows);
  });

  it("has unique formats and file extensions", () => {
    expect(new Set(INVENTORY_FORMATS).size).toBe(INVENTORY_WRITERS.length);
    expect(new Set(INVENTORY_WRITERS.map((w) => w.fileExtension)).size).toBe(INVENTORY_WRITERS.length);
  });

  it("finds a writer by format and nothing for an unknown one", () => {
    expect(inventoryWriterFor("spdx-json")?.mediaType).toBe("application/spdx+json");
    expect(inventoryWriterFor("cyclonedx-xml")?.fileExtension).toBe(".cdx.xml");
    expect(inventoryWriterFor("cyclonedx")).toBeUndefined();
    expect(inventoryWriterFor("JSON")).toBeUndefined();
  });
});

describe("every inventory writer", () => {
  for (const writer of INVENTORY_WRITERS) {
    describe(writer.format, () => {
      for (const [label, inv] of Object.entries(ALL_INVENTORIES)) {
        it(`renders the ${label} inventory the same way every time, whatever the input order`, () => {
          const first = writer.render(inv, OPTIONS);
          expect(writer.render(inv, OPTIONS)).toBe(first);
          expect(writer.render(reversed(inv), OPTIONS)).toBe(first);
          expect(first.endsWith("\n")).toBe(true);
        });
      }
    });
  }

  it("takes the time from the options, never from the system clock", () => {
    const later = { ...OPTIONS, now: new Date("2030-12-31T23:59:59Z") };
    for (const format of ["cyclonedx-json", "cyclonedx-xml", "spdx-json", "spdx-tag-value"]) {
      const out = inventoryWriterFor(format)!.render(IMAGE_INVENTORY, later);
      expect(out, format).toContain("2030-12-31T23:59:59");
      expect(out, format).not.toContain("2025-03-04");
    }
  });

  it("draws a fresh random UUID when the options give no source", () => {
    const { uuid: _unused, ...noUuid } = OPTIONS;
    const cdx = inventoryWriterFor("cyclonedx-json")!;
    const a = JSON.parse(cdx.render(EMPTY_INVENTORY, noUuid)).serialNumber as string;
    const b = JSON.parse(cdx.render(EMPTY_INVENTORY, noUuid)).serialNumber as string;
    expect(a).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a).not.toBe(b);
  });
});
