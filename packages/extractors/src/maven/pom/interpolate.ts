/** Anything still holding `${…}` after interpolation could not be resolved. */
export const UNRESOLVED = /\$\{[^}]*\}/;

/**
 * A function replacing `${name}` with the value of `name` in `props`, recursively (a value may
 * refer to other properties). A reference that is unknown, or that refers back to itself through
 * any chain, is left as written so callers can see it is unresolved.
 */
export function makeInterpolator(props: ReadonlyMap<string, string>): (value: string) => string {
  const resolve = (value: string, seen: ReadonlySet<string>): string =>
    value.replace(/\$\{([^}]+)\}/g, (whole, key: string) => {
      const raw = props.get(key);
      if (raw === undefined || seen.has(key)) return whole;
      return resolve(raw, new Set([...seen, key]));
    });
  return (value) => resolve(value, new Set());
}
