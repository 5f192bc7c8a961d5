import type { ReactNode } from "react";

/**
 * A wide table's scrolling box: on a 375 px screen the table scrolls inside it instead of widening
 * the page, and keyboard users can focus the box to scroll it (hence a named region, the section).
 */
export function TableRegion({ label, children }: { readonly label: string; readonly children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be focusable to scroll by keyboard
    <section className="console-table-wrap" tabIndex={0} aria-label={label}>
      {children}
    </section>
  );
}
