import { ApiError } from "@bulwark/api-contract";
import { Alert, AlertHeading, AlertText } from "@trussworks/react-uswds";

/** What went wrong, in words, with the server's stable code so a user can look it up or report it. */
export function ErrorAlert({ error, heading }: { readonly error: unknown; readonly heading?: string }) {
  const code = error instanceof ApiError ? error.code : "BULWARK_CONSOLE_ERROR";
  const message = error instanceof Error ? error.message : String(error);
  const problems = error instanceof ApiError ? problemsOf(error.details) : [];
  return (
    <Alert type="error" slim={heading === undefined} role="alert">
      {heading !== undefined && <AlertHeading level="h2">{heading}</AlertHeading>}
      <AlertText>
        {message} <span className="console-code">({code})</span>
      </AlertText>
      {problems.length > 0 && (
        <ul>
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
    </Alert>
  );
}

// Upload refusals carry their problems as details.problems: [{message, path?, code?}] or strings.
function problemsOf(details: Record<string, unknown> | undefined): string[] {
  const problems = details?.problems;
  if (!Array.isArray(problems)) return [];
  return problems.slice(0, 20).map((p) => {
    if (typeof p === "string") return p;
    const o = p as { message?: unknown; path?: unknown; code?: unknown };
    return [o.code, o.path, o.message].filter((x) => typeof x === "string" && x !== "").join(": ");
  });
}
