import { Button } from "@trussworks/react-uswds";
import { type ReactNode, useEffect, useId, useRef, useState } from "react";

/**
 * A destructive action behind an inline confirmation: the first press asks the question next to the
 * button and moves focus to "Yes", so keyboard and screen-reader users confirm without a modal and
 * tests find both buttons by their text.
 */
export function ConfirmButton({
  label,
  question,
  confirmLabel,
  srContext,
  onConfirm,
  disabled,
}: {
  /** The button's text, e.g. "Delete". */
  readonly label: string;
  /** What is about to happen, e.g. "Delete the webhook https://…?". */
  readonly question: ReactNode;
  /** The confirming button's text; "Yes, <label lower-cased>" when left out. */
  readonly confirmLabel?: string;
  /** Words only screen readers hear after the label, telling apart many "Delete" buttons (the row's name). */
  readonly srContext?: string;
  readonly onConfirm: () => void;
  readonly disabled?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  const questionId = useId();
  const yes = useRef<HTMLButtonElement>(null);
  const start = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);
  useEffect(() => {
    if (asking) yes.current?.focus();
    // Back to the button that started it, so focus is not lost when the question goes away.
    else if (wasAsking.current) start.current?.focus();
    wasAsking.current = asking;
  }, [asking]);
  if (!asking) {
    return (
      <button
        ref={start}
        type="button"
        className="usa-button usa-button--secondary"
        disabled={disabled}
        onClick={() => setAsking(true)}
      >
        {label}
        {srContext !== undefined && <span className="usa-sr-only"> {srContext}</span>}
      </button>
    );
  }
  return (
    <span className="console-confirm">
      <span id={questionId} className="console-confirm__question">
        {question}
      </span>
      <button
        ref={yes}
        type="button"
        aria-describedby={questionId}
        className="usa-button usa-button--secondary"
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel ?? `Yes, ${label.toLowerCase()}`}
      </button>
      <Button type="button" outline onClick={() => setAsking(false)}>
        Cancel
      </Button>
    </span>
  );
}
