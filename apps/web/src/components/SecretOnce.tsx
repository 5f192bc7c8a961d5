import { Alert, AlertHeading, AlertText } from "@trussworks/react-uswds";
import { type ReactNode, useEffect, useRef, useState } from "react";

/**
 * A secret the server shows only once (an API token, a webhook's signing secret, a generated
 * password): a success alert that takes focus, the secret as selectable text, a copy button with
 * a spoken result, and the warning that it will not be shown again.
 */
export function SecretOnce({
  heading,
  label,
  secret,
  children,
  onDismiss,
}: {
  /** The alert's heading, e.g. "Token created". */
  readonly heading: string;
  /** What the secret is, e.g. "API token". */
  readonly label: string;
  readonly secret: string;
  /** More words under the secret (how to use it). */
  readonly children?: ReactNode;
  /** Hides the alert ("I have saved it"). */
  readonly onDismiss?: () => void;
}) {
  const [copied, setCopied] = useState<"" | "copied" | "failed">("");
  const box = useRef<HTMLDivElement>(null);
  const text = useRef<HTMLElement>(null);
  useEffect(() => {
    box.current?.focus();
  }, []);
  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied("copied");
    } catch {
      // No clipboard (plain http, or permission refused): select the text so Ctrl+C works.
      const range = document.createRange();
      if (text.current !== null) range.selectNodeContents(text.current);
      window.getSelection()?.removeAllRanges();
      window.getSelection()?.addRange(range);
      setCopied("failed");
    }
  }
  return (
    <div ref={box} tabIndex={-1} className="console-secret">
      <Alert type="success">
        <AlertHeading level="h2">{heading}</AlertHeading>
        <AlertText>
          <strong>Copy this {label} now: you will not see it again.</strong> Store it somewhere safe; anyone who has it
          can use it.
        </AlertText>
        <p className="console-secret__value">
          <span className="usa-sr-only">{label}: </span>
          <code ref={text} className="console-code">
            {secret}
          </code>
        </p>
        <div className="console-secret__actions">
          <button type="button" className="usa-button" onClick={() => void copy()}>
            Copy {label}
          </button>
          {onDismiss !== undefined && (
            <button type="button" className="usa-button usa-button--outline" onClick={onDismiss}>
              I have saved it
            </button>
          )}
          <span role="status" aria-live="polite">
            {copied === "copied" && "Copied to the clipboard."}
            {copied === "failed" && "Could not copy: the text is selected, press Ctrl+C (⌘C on a Mac)."}
          </span>
        </div>
        {children}
      </Alert>
    </div>
  );
}
