// Which Gradle configurations only feed tests, benchmarks or code-quality tools. A locked module
// is `dev` when every configuration that resolved it is one of these.

// Configurations of well-known plugins that run tools at build time, never shipped.
const TOOL_CONFIGURATIONS = new Set([
  "checkstyle",
  "pmd",
  "spotbugs",
  "spotbugsPlugins",
  "jacocoAgent",
  "jacocoAnt",
  "codenarc",
  "ktlint",
  "detekt",
  "detektPlugins",
  "errorprone",
  "errorproneJavac",
]);

/**
 * True for test source sets (`testRuntimeClasspath`, `integrationTestCompileClasspath`,
 * `androidTestImplementation`, `debugUnitTestRuntimeClasspath`), the jmh benchmark source set,
 * and well-known tool configurations.
 */
export function isDevConfiguration(name: string): boolean {
  if (TOOL_CONFIGURATIONS.has(name)) return true;
  if (name.startsWith("test") || name.startsWith("jmh")) return true;
  // A `Test` word inside a camel-case name: `integrationTest…`, `androidTest…`, `…UnitTest…`.
  return /[a-z]Test(?:[A-Z]|$)/.test(name);
}
