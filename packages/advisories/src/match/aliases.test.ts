import { describe, expect, it } from "vitest";
import { groupByAliases } from "./aliases.ts";

describe("groupByAliases", () => {
  it("merges transitively and lists CVE first", () => {
    const groups = groupByAliases([
      { id: "PYSEC-2021-1", aliases: ["GHSA-aaaa-bbbb-cccc"] },
      { id: "GHSA-aaaa-bbbb-cccc", aliases: ["CVE-2021-0001"] },
      { id: "OSV-2021-9", aliases: ["CVE-2021-0001"] },
      { id: "GO-2022-1", aliases: [] },
    ]);
    expect(groups).toHaveLength(2);
    expect(groups[0]).toEqual({
      ids: ["GHSA-aaaa-bbbb-cccc", "OSV-2021-9", "PYSEC-2021-1"],
      aliases: ["CVE-2021-0001", "GHSA-aaaa-bbbb-cccc", "OSV-2021-9", "PYSEC-2021-1"],
    });
    expect(groups[1]).toEqual({ ids: ["GO-2022-1"], aliases: ["GO-2022-1"] });
  });

  it("keeps unrelated advisories apart", () => {
    expect(
      groupByAliases([
        { id: "A", aliases: ["CVE-1"] },
        { id: "B", aliases: ["CVE-2"] },
      ]),
    ).toHaveLength(2);
  });
});
