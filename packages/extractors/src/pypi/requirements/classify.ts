/** What one logical line of a requirements file is. */
export type RequirementLine =
  | { readonly kind: "include"; readonly target: string; readonly constraint: boolean }
  | { readonly kind: "option" }
  | { readonly kind: "local" }
  | { readonly kind: "reference"; readonly pinned: boolean }
  | { readonly kind: "requirement"; readonly name: string; readonly specifier: string }
  | { readonly kind: "invalid" };

const INCLUDE = /^(-r|--requirement|-c|--constraint)(?:\s*=\s*|\s+|(?=[^-\s]))(\S+)$/;
const EDITABLE = /^(-e|--editable)(?:\s*=\s*|\s+)(\S+)/;
// PEP 508 name, optional extras, then whatever version specifier and marker follow.
const REQUIREMENT = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[[^\]]*\])?\s*(.*)$/;
const URL_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;
// A wheel or sdist file name carries its version: name-1.2.3.tar.gz, name-1.2.3-py3-none-any.whl.
const VERSIONED_ARCHIVE = /[A-Za-z0-9_.]+-\d[^/-]*(?:-[^/]*)?\.(?:whl|tar\.gz|tgz|tar\.bz2|zip)(?:[#?].*)?$/;

function isLocalPath(target: string): boolean {
  return /^(\.{1,2}(\/|$)|\/|~|file:)/.test(target) || /^[A-Za-z]:[\\/]/.test(target);
}

function classifyReference(target: string): RequirementLine {
  if (isLocalPath(target)) return { kind: "local" };
  return { kind: "reference", pinned: VERSIONED_ARCHIVE.test(target) };
}

/** Classify a logical line (comments and continuations already handled). */
export function classifyLine(text: string): RequirementLine {
  const include = INCLUDE.exec(text);
  if (include) {
    return { kind: "include", target: include[2] ?? "", constraint: (include[1] ?? "").includes("c") };
  }
  const editable = EDITABLE.exec(text);
  if (editable) return classifyReference(editable[2] ?? "");
  if (text.startsWith("-")) return { kind: "option" };
  if (URL_SCHEME.test(text) || isLocalPath(text)) return classifyReference(text.split(/\s/)[0] ?? "");
  const m = REQUIREMENT.exec(text);
  if (m === null) return { kind: "invalid" };
  // Per-requirement options (--hash, --config-settings…) and markers say nothing about the version.
  const rest =
    (m[2] ?? "")
      .replace(/\s--?[A-Za-z].*$/, "")
      .split(";")[0]
      ?.trim() ?? "";
  if (rest.startsWith("@")) return classifyReference(rest.slice(1).trim());
  if (rest !== "" && !/^[=!<>~(]/.test(rest)) return { kind: "invalid" };
  return { kind: "requirement", name: m[1] ?? "", specifier: rest.replace(/^\((.*)\)$/, "$1") };
}

/**
 * The exact version a specifier pins (`==1.2.3`, `===1.2.3`, `== 1.2.3`), or undefined when it
 * allows more than one (`>=`, `~=`, `==1.*`, several clauses, nothing).
 */
export function pinnedVersion(specifier: string): string | undefined {
  const m = /^(===?)\s*([^\s,;*]+)$/.exec(specifier.trim());
  if (m === null) return undefined;
  return m[2];
}
