import { createBulwarkClient } from "@bulwark/api-contract";

let csrfToken: string | undefined;

/** Remember the signed-in session's CSRF token; every unsafe request carries it. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** The console's one client: same origin, session cookie, CSRF header on unsafe requests. */
export const api = createBulwarkClient({ csrfToken: () => csrfToken });

/** The CSRF header for the few requests made without the typed client (raw file uploads). */
export function csrfHeaders(): Record<string, string> {
  return csrfToken === undefined ? {} : { "x-csrf-token": csrfToken };
}
