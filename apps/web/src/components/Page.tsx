import { type ReactNode, useEffect, useRef } from "react";

// The first page of a visit keeps the browser's own focus (the skip link is the first Tab stop);
// later pages, reached by client-side navigation, move focus to their heading.
let firstPageShown = false;

/**
 * A page: its `<h1>`, the document title, and focus moved to the heading when the page opens so
 * keyboard and screen-reader users start at the new content after client-side navigation.
 */
export function Page({
  title,
  lead,
  actions,
  children,
}: {
  readonly title: string;
  readonly lead?: ReactNode;
  readonly actions?: ReactNode;
  readonly children?: ReactNode;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Bulwark`;
    if (!firstPageShown) {
      firstPageShown = true;
      return;
    }
    heading.current?.focus({ preventScroll: true });
  }, [title]);
  return (
    <>
      <div className="console-page-head">
        <h1 ref={heading} tabIndex={-1} className="margin-top-0">
          {title}
        </h1>
        {actions !== undefined && <div className="console-page-actions">{actions}</div>}
      </div>
      {lead !== undefined && <p className="usa-intro">{lead}</p>}
      {children}
    </>
  );
}
