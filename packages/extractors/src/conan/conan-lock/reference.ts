/** A Conan package reference split into its parts. */
export interface ConanReference {
  readonly name: string;
  readonly version: string;
  readonly user?: string;
  readonly channel?: string;
  /** Recipe revision; Conan 1 writes `0` when revisions are off, which is left out. */
  readonly revision?: string;
}

/**
 * Parse `name/version[@user/channel][#revision][%timestamp]`, also accepting a Conan 1 package
 * reference (`ref:package_id#package_revision`). Undefined when there is no name and version.
 */
export function parseConanReference(text: string): ConanReference | undefined {
  const recipe = text.split(":")[0] ?? "";
  const [beforeTimestamp = ""] = recipe.split("%");
  const [nameVersionUser = "", revision] = beforeTimestamp.split("#");
  const [nameVersion = "", userChannel] = nameVersionUser.split("@");
  const slash = nameVersion.indexOf("/");
  if (slash <= 0 || slash === nameVersion.length - 1) return undefined;
  const name = nameVersion.slice(0, slash);
  const version = nameVersion.slice(slash + 1);
  if (version.includes("/") || /\s/.test(nameVersion)) return undefined;
  const [user, channel] = userChannel === undefined ? [] : userChannel.split("/");
  return {
    name,
    version,
    ...(user && user !== "_" ? { user } : {}),
    ...(channel && channel !== "_" ? { channel } : {}),
    ...(revision && revision !== "0" ? { revision } : {}),
  };
}
