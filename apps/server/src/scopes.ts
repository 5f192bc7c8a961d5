/**
 * API token scopes. A token never exceeds its user's rights; scopes narrow them further.
 * `read`: GET endpoints. `write`: creating and changing objects. `admin`: platform administration
 * (organisations, users), which also needs the platform role.
 */
export const TOKEN_SCOPES = ["read", "write", "admin"] as const;

/** One of {@link TOKEN_SCOPES}. */
export type TokenScope = (typeof TOKEN_SCOPES)[number];
