import { isBulwarkError } from "@bulwark/core";
import { describe, expect, it } from "vitest";
import { parseCvss, parseCvssOrThrow } from "./parse.ts";
import { scoreCvss, scoreCvssOrThrow } from "./score.ts";

const V31 = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
const V40 = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";

// Each malformed vector with the reason the error must give.
const MALFORMED: [string, string][] = [
  ["", "empty"],
  ["   ", "empty"],
  ["CVSS:3.2/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "unsupported version prefix CVSS:3.2"],
  ["CVSS:3.1", "unsupported version prefix CVSS:3.1"],
  ["CVSS:3.1/", '"" is not METRIC:VALUE'],
  [`${V31}/`, '"" is not METRIC:VALUE'],
  ["CVSS:3.1/AV:N/AC:L", "mandatory base metric PR missing"],
  ["CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "mandatory base metric AV missing"],
  ["CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "invalid value Q for AV"],
  ["CVSS:3.1/av:n/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "unknown CVSS 3.1 metric av"],
  [`${V31}/ZZ:Q`, "unknown CVSS 3.1 metric ZZ"],
  [`${V31}/AV:L`, "metric AV given twice"],
  [`${V31}/E`, '"E" is not METRIC:VALUE'],
  [`${V31}/E:P:X`, '"E:P:X" is not METRIC:VALUE'],
  // v2 metrics under a v3 prefix and the other way round.
  ["CVSS:3.0/AV:N/AC:L/Au:N/C:P/I:P/A:P", "unknown CVSS 3.0 metric Au"],
  ["AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "unknown CVSS 2.0 metric PR"],
  ["AV:N/AC:L/Au:N/C:P/I:P/A:P/E:X", "invalid value X for E"],
  // Safety exists only for MSI/MSA in v4.0; the library would score SC:S (and log).
  [V40.replace("SC:N", "SC:S"), "invalid value S for SC"],
  [`${V40}/MSC:S`, "invalid value S for MSC"],
  [`${V40}/U:red`, "invalid value red for U"],
  [`${V40}/Au:N`, "unknown CVSS 4.0 metric Au"],
  [`CVSS:3.1/${"AV:N/".repeat(120)}`, "longer than 512 characters"],
];

describe("parseCvss", () => {
  it("splits a vector into base and other metrics", () => {
    expect(parseCvss(`  ${V40}/E:A/CR:H/AU:Y  `)).toEqual({
      version: "4.0",
      vector: `${V40}/E:A/CR:H/AU:Y`,
      metrics: { AV: "N", AC: "L", AT: "N", PR: "N", UI: "N", VC: "H", VI: "H", VA: "H", SC: "N", SI: "N", SA: "N" },
      extraMetrics: { E: "A", CR: "H", AU: "Y" },
    });
  });

  it("writes v4.0 groups in the specification's order whatever the input order", () => {
    expect(parseCvss(`${V40}/U:Amber/MSI:S/AR:L/E:P`)?.vector).toBe(`${V40}/E:P/AR:L/MSI:S/U:Amber`);
  });

  it.each(MALFORMED)("rejects %j", (vector, reason) => {
    expect(parseCvss(vector)).toBeUndefined();
    expect(scoreCvss(vector)).toBeUndefined();
    for (const fn of [parseCvssOrThrow, scoreCvssOrThrow]) {
      let thrown: unknown;
      try {
        fn(vector);
      } catch (e) {
        thrown = e;
      }
      expect(isBulwarkError(thrown)).toBe(true);
      expect(thrown).toMatchObject({ code: "BULWARK_CVSS_INVALID", details: { reason } });
      expect((thrown as Error).message).toContain(reason);
    }
  });

  it("rejects values that are not strings without throwing", () => {
    for (const value of [undefined, null, 9.8, {}, ["CVSS:3.1"]]) {
      expect(parseCvss(value as unknown as string)).toBeUndefined();
      expect(scoreCvss(value as unknown as string)).toBeUndefined();
    }
  });
});
