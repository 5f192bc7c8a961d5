import { ERROR_CODES, EXIT } from "./error-codes.ts";

const EXIT_MEANING: Record<number, string> = {
  [EXIT.ok]: "success",
  [EXIT.policy]:
    "the command ran and its policy failed (for example, `scan` found vulnerabilities at or above the threshold)",
  [EXIT.usage]: "bad usage or bad input: fix the command line or the file",
  [EXIT.io]: "a local resource failed: the database or the file system",
  [EXIT.network]: "a remote resource failed: the network, or a server's answer",
  [EXIT.internal]: "a bug in Bulwark: please report it with the `--debug` output",
};

/** Render `docs/errors.md` from the registry; a test keeps the committed file equal to this. */
export function renderErrorsMarkdown(): string {
  const lines = [
    "# Errors and exit codes",
    "",
    "<!-- Generated from packages/core/src/error-codes.ts by `npm run docs:errors`; a test keeps it in sync. -->",
    "",
    "Every error Bulwark reports on purpose has a stable code `BULWARK_<AREA>_<WHAT>`. The CLI prints",
    "`error[CODE]: message` and a `hint:` line, never a stack trace (run with `--debug` to see one). The",
    "HTTP API answers `{code, message, details}` with the same codes and the status in the HTTP column.",
    "A code never changes meaning once released.",
    "",
    "## Exit codes",
    "",
    "| exit | meaning |",
    "| ---: | --- |",
    ...Object.values(EXIT).map((code) => `| ${code} | ${EXIT_MEANING[code]} |`),
    "",
    "## Error codes",
    "",
    "| code | exit | HTTP | what happened | what to do |",
    "| --- | ---: | ---: | --- | --- |",
    ...Object.entries(ERROR_CODES).map(
      ([code, info]) =>
        `| \`${code}\` | ${info.exit} | ${"http" in info ? info.http : 500} | ${info.summary} | ${info.hint} |`,
    ),
    "",
  ];
  return lines.join("\n");
}
