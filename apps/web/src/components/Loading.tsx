/** A polite loading notice that screen readers announce once. */
export function Loading({ label }: { readonly label: string }) {
  return (
    <p className="console-loading" role="status" aria-live="polite">
      <span className="console-spinner" aria-hidden="true" />
      Loading {label}…
    </p>
  );
}
