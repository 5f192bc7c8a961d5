/** VEX readers: OpenVEX, CycloneDX VEX and CSAF VEX into one statement model. */

export { loadVexFile, readVex } from "./read-vex.ts";
export { VEX_STATUSES } from "./statuses.ts";
export type { VexFormat, VexProduct, VexSource, VexStatement, VexStatus } from "./types.ts";
