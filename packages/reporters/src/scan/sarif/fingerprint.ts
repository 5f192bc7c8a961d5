import { createHash } from "node:crypto";

function sha256(parts: readonly string[]): string {
  return createHash("sha256").update(parts.join("\u0000")).digest("hex");
}

/**
 * The key GitHub code scanning matches alerts on across runs (`primaryLocationLineHash`, the only
 * partial fingerprint it reads). It is built from the rule, the package (ecosystem and name) and
 * the file, not the version or line: bumping a package to another vulnerable version, or moving
 * its line, keeps the same alert, and fixing it closes that alert.
 */
export function alertKey(ruleId: string, ecosystem: string, name: string, path: string): string {
  return sha256([ruleId, ecosystem, name, path]).slice(0, 16);
}

/** A hash of everything that identifies one result, version and line included, for other consumers. */
export function resultHash(ruleId: string, ecosystem: string, name: string, version: string, path: string): string {
  return sha256([ruleId, ecosystem, name, version, path]);
}
