import type { OsvAffected } from "@bulwark/core";
import { describe, expect, it } from "vitest";
import type { AdvisoryStore, AffectedRow } from "../ports.ts";
import { Matcher } from "./matcher.ts";

function row(
  advisoryId: string,
  ecosystem: string,
  name: string,
  events: Record<string, string>[],
  aliases: string[] = [],
) {
  const affected: OsvAffected = { package: { ecosystem, name }, ranges: [{ type: "ECOSYSTEM", events }] };
  return { advisoryId, aliases, modified: "2024-01-01T00:00:00Z", ecosystem, affected } satisfies AffectedRow;
}

class FakeStore implements AdvisoryStore {
  readonly calls: string[] = [];
  constructor(readonly rows: Record<string, AffectedRow[]>) {}
  async findAffected(base: string, name: string) {
    this.calls.push(`${base}/${name}`);
    return this.rows[`${base}/${name}`] ?? [];
  }
  async getById() {
    return undefined;
  }
}

describe("Matcher", () => {
  const store = new FakeStore({
    "PyPI/django": [
      row("PYSEC-1", "PyPI", "Django", [{ introduced: "0" }, { fixed: "3.2.19" }], ["CVE-2023-1", "GHSA-x"]),
      row("GHSA-x", "PyPI", "django", [{ introduced: "3.0" }, { fixed: "3.2.19" }], ["CVE-2023-1"]),
      row("PYSEC-2", "PyPI", "django", [{ introduced: "4.0" }, { fixed: "4.1" }]),
    ],
    "Debian/openssl": [
      row("DSA-1", "Debian:12", "openssl", [{ introduced: "0" }, { fixed: "3.0.11-1~deb12u1" }]),
      row("DSA-2", "Debian:11", "openssl", [{ introduced: "0" }, { fixed: "1.1.1w-0+deb11u1" }]),
    ],
    "npm/weird": [
      row("X-1", "npm", "weird", [{ introduced: "0" }, { fixed: "not-a-version!" }]),
      {
        ...row("X-2", "npm", "weird", []),
        affected: { package: { ecosystem: "npm", name: "weird" }, versions: ["1.0.0"] },
      },
    ],
  });

  it("normalises names, evaluates every advisory and groups aliases into one vulnerability", async () => {
    const m = await new Matcher(store).match({ ecosystem: "PyPI", name: "Django", version: "3.1.0" });
    expect(m.affected.map((h) => h.advisoryId)).toEqual(["PYSEC-1", "GHSA-x"]);
    expect(m.groups).toEqual([{ ids: ["GHSA-x", "PYSEC-1"], aliases: ["CVE-2023-1", "GHSA-x", "PYSEC-1"] }]);
    expect(m.undetermined).toEqual([]);
  });

  it("applies release suffixes: a Debian 12 package meets only Debian 12 (and unsuffixed) advisories", async () => {
    const m = await new Matcher(store).match({ ecosystem: "Debian:12", name: "openssl", version: "3.0.9-1" });
    expect(m.affected.map((h) => h.advisoryId)).toEqual(["DSA-1"]);
    const unknownRelease = await new Matcher(store).match({ ecosystem: "Debian", name: "openssl", version: "1.0" });
    expect(unknownRelease.affected.map((h) => h.advisoryId)).toEqual(["DSA-1", "DSA-2"]);
  });

  it("reports undetermined advisories with their reason and never drops them", async () => {
    const m = await new Matcher(store).match({ ecosystem: "npm", name: "weird", version: "2.0.0" });
    expect(m.affected).toEqual([]);
    expect(m.undetermined.map((h) => [h.advisoryId, h.verdict.status])).toEqual([["X-1", "undetermined"]]);
    expect(m.undetermined[0]?.verdict).toMatchObject({ reason: expect.stringMatching(/not-a-version/) });
  });

  it("caches per package: a second lookup does not query the store again", async () => {
    const s = new FakeStore(store.rows);
    const matcher = new Matcher(s);
    await matcher.match({ ecosystem: "PyPI", name: "django", version: "1.0" });
    await matcher.match({ ecosystem: "PyPI", name: "Django", version: "4.0.1" });
    expect(s.calls).toEqual(["PyPI/django"]);
  });

  it("a package no advisory names has no findings", async () => {
    const m = await new Matcher(store).match({ ecosystem: "PyPI", name: "nothing-here", version: "1.0" });
    expect(m).toMatchObject({ affected: [], undetermined: [], groups: [] });
  });
});
