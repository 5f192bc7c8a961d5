/** One `require` line: module path, version as written (with `v`), whether `// indirect`, and its line. */
export interface GoRequire {
  readonly path: string;
  readonly version: string;
  readonly indirect: boolean;
  readonly line: number;
}

/** One `replace` directive; `fromVersion` undefined means every version, `toVersion` undefined a local path. */
export interface GoReplace {
  readonly fromPath: string;
  readonly fromVersion?: string;
  readonly toPath: string;
  readonly toVersion?: string;
}

/** What the extractor needs from a go.mod file. */
export interface GoModFile {
  module?: string;
  go?: { readonly version: string; readonly line: number };
  toolchain?: { readonly version: string; readonly line: number };
  readonly requires: GoRequire[];
  readonly replaces: GoReplace[];
  /** `path@version` of every excluded module version. */
  readonly excludes: Set<string>;
}

/** A syntax error at a line. */
export class GoModSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

interface Tokens {
  readonly words: string[];
  readonly comment: string;
}

// Splits one line into words the way go.mod's lexer does: `//` starts a comment, "…" and `…` quote.
function tokenize(line: string, lineNo: number): Tokens {
  const words: string[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === " " || c === "\t" || c === "\r") {
      i++;
    } else if (line.startsWith("//", i)) {
      return { words, comment: line.slice(i + 2).trim() };
    } else if (c === '"' || c === "`") {
      const end = line.indexOf(c, i + 1);
      if (end < 0) throw new GoModSyntaxError("unterminated quoted string", lineNo);
      words.push(line.slice(i + 1, end).replace(/\\(.)/g, "$1"));
      i = end + 1;
    } else {
      let j = i;
      while (j < line.length && !" \t\r".includes(line[j] ?? "") && !line.startsWith("//", j)) j++;
      words.push(line.slice(i, j));
      i = j;
    }
  }
  return { words, comment: "" };
}

function isIndirect(comment: string): boolean {
  // Go accepts "// indirect" alone or followed by "; more comment".
  return comment === "indirect" || comment.startsWith("indirect;");
}

function addRequire(file: GoModFile, args: string[], comment: string, line: number): void {
  const [path, version] = args;
  if (args.length !== 2 || path === undefined || version === undefined) {
    throw new GoModSyntaxError("require needs a module path and a version", line);
  }
  file.requires.push({ path, version, indirect: isIndirect(comment), line });
}

function addReplace(file: GoModFile, args: string[], line: number): void {
  const arrow = args.indexOf("=>");
  const from = args.slice(0, arrow);
  const to = args.slice(arrow + 1);
  if (arrow < 1 || from.length > 2 || to.length < 1 || to.length > 2) {
    throw new GoModSyntaxError("replace needs `module [version] => module [version]`", line);
  }
  file.replaces.push({
    fromPath: from[0] ?? "",
    fromVersion: from[1],
    toPath: to[0] ?? "",
    toVersion: to[1],
  });
}

function apply(file: GoModFile, verb: string, args: string[], comment: string, line: number): void {
  switch (verb) {
    case "module":
      file.module = args[0];
      break;
    case "go":
      if (args[0] !== undefined) file.go = { version: args[0], line };
      break;
    case "toolchain":
      if (args[0] !== undefined) file.toolchain = { version: args[0], line };
      break;
    case "require":
      addRequire(file, args, comment, line);
      break;
    case "replace":
      addReplace(file, args, line);
      break;
    case "exclude":
      if (args.length === 2) file.excludes.add(`${args[0]}@${args[1]}`);
      break;
    default:
      // retract, godebug, tool, ignore and future directives say nothing about installed modules.
      break;
  }
}

/** Parse go.mod text. Throws {@link GoModSyntaxError} for malformed blocks and directives. */
export function parseGoMod(text: string): GoModFile {
  const file: GoModFile = { requires: [], replaces: [], excludes: new Set() };
  const lines = text.split("\n");
  let block: { verb: string; line: number } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const { words, comment } = tokenize(lines[i] ?? "", lineNo);
    if (words.length === 0) continue;
    if (block !== undefined) {
      if (words[0] === ")" && words.length === 1) block = undefined;
      else apply(file, block.verb, words, comment, lineNo);
      continue;
    }
    const [verb, ...args] = words;
    if (verb === undefined) continue;
    if (args.length === 1 && args[0] === "(") block = { verb, line: lineNo };
    else apply(file, verb, args, comment, lineNo);
  }
  if (block !== undefined) throw new GoModSyntaxError(`\`${block.verb} (\` block is never closed`, block.line);
  return file;
}
