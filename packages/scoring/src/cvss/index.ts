export type { CvssVersion } from "./calculator.ts";
export type { SeverityChoice, SeveritySource } from "./osv.ts";
export { bestSeverity, recordSeverity } from "./osv.ts";
export { parseCvss, parseCvssOrThrow } from "./parse.ts";
export { scoreCvss, scoreCvssOrThrow } from "./score.ts";
export { compareSeverity, cvssSeverity, SEVERITY_ORDER, textualSeverity } from "./severity.ts";
export type { CvssNomenclature, CvssScore, CvssVector, Severity } from "./types.ts";
