/** @bulwark/core: domain types and the error model shared by every package. */

export type { ErrorCode, ErrorCodeInfo, ExitCode } from "./error-codes.ts";
export { ERROR_CODES, EXIT } from "./error-codes.ts";
export type { BulwarkErrorOptions } from "./errors.ts";
export { BulwarkError, isBulwarkError } from "./errors.ts";
export { renderErrorsMarkdown } from "./errors-doc.ts";
export type {
  ExtractedPackage,
  ExtractNote,
  Inventory,
  InventorySource,
  PackageLocation,
  Relation,
  Scope,
} from "./inventory.ts";
export type { OsvAffected, OsvEvent, OsvPackage, OsvRange, OsvRecord, OsvSeverity, PackageRef } from "./osv.ts";
export type {
  Finding,
  FindingDeadline,
  FindingEpss,
  FindingKev,
  FindingSeverity,
  FindingSsvc,
  FindingSuppression,
  PackageRemediation,
  ScanReport,
  Severity,
  SsvcDecision,
} from "./scan-report.ts";
export type { SignatureDocument } from "./signature.ts";
export {
  ed25519PublicKey,
  parseSignatureDocument,
  SIGNATURE_ALGORITHM,
  signingKeyId,
  verifyDetachedSignature,
} from "./signature.ts";
export type { VexJustification } from "./vex.ts";
export { VEX_JUSTIFICATIONS } from "./vex.ts";
