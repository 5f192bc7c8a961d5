/** The version of the bulwark CLI, reported by --version and in generated documents. */
export const CLI_VERSION = "0.1.0";
