import { createHash, randomUUID } from "node:crypto";
import type { ExtractedPackage, Inventory } from "@bulwark/extractors";
import type { Models } from "@cyclonedx/cyclonedx-library";
import type { RenderOptions } from "../types.ts";
import { cyclonedx } from "./cyclonedx-library.ts";
import { sortedLocations, sortedNotes, sortedPackages } from "./order.ts";
import { groupedName, locationLabel, noteLabel, purlOf } from "./package-facts.ts";
import { describeSubject, type Subject, sourceLabel } from "./subject.ts";

/** bom-ref of the subject (`metadata.component`); never a purl, so it cannot clash with a package's. */
export const SUBJECT_BOM_REF = "bulwark:subject";

function property(name: string, value: string): Models.Property {
  return new (cyclonedx().Models.Property)(name, value);
}

function subjectComponent(subject: Subject): Models.Component {
  const { Enums, Models } = cyclonedx();
  const type = subject.kind === "image" ? Enums.ComponentType.Container : Enums.ComponentType.Application;
  const component = new Models.Component(type, subject.name, { bomRef: SUBJECT_BOM_REF });
  for (const source of subject.sources) component.properties.add(property("bulwark:source", sourceLabel(source)));
  const image = subject.image;
  if (image !== undefined) {
    component.properties.add(property("bulwark:image:id", image.id));
    for (const tag of image.tags) component.properties.add(property("bulwark:image:tag", tag));
    if (image.os !== undefined) component.properties.add(property("bulwark:image:os", image.os));
    if (image.architecture !== undefined) {
      component.properties.add(property("bulwark:image:architecture", image.architecture));
    }
    for (const layer of image.layers) component.properties.add(property("bulwark:image:layer", layer));
  }
  return component;
}

function packageProperties(pkg: ExtractedPackage): Models.Property[] {
  const props = [property("bulwark:ecosystem", pkg.ecosystem)];
  for (const loc of sortedLocations(pkg.locations)) props.push(property("bulwark:location", locationLabel(loc)));
  if (pkg.layer !== undefined) props.push(property("bulwark:layer", pkg.layer));
  if (pkg.relation !== undefined) props.push(property("bulwark:relation", pkg.relation));
  if (pkg.scope !== undefined && pkg.scope !== "prod") props.push(property("bulwark:scope", pkg.scope));
  if (pkg.sourceName !== undefined) props.push(property("bulwark:sourceName", pkg.sourceName));
  if (pkg.sourceVersion !== undefined) props.push(property("bulwark:sourceVersion", pkg.sourceVersion));
  return props;
}

// Without a purl, a hash of the coordinates: names may hold characters (newlines) that XML
// attribute normalisation would change.
function coordinateRef(pkg: ExtractedPackage): string {
  const hash = createHash("sha256").update(`${pkg.ecosystem}\u0000${pkg.name}\u0000${pkg.version}`).digest("hex");
  return `bulwark:package:${hash.slice(0, 32)}`;
}

// bom-refs must be unique in a BOM, but one package may appear more than once (two lockfiles,
// two image layers); later entries get a counter.
function bomRefs(packages: readonly ExtractedPackage[]): string[] {
  const seen = new Map<string, number>();
  return packages.map((pkg) => {
    const base = purlOf(pkg) ?? coordinateRef(pkg);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}#${n}`;
  });
}

function packageComponent(pkg: ExtractedPackage, bomRef: string): Models.Component {
  const { Enums, Models } = cyclonedx();
  const { group, name } = groupedName(pkg);
  const component = new Models.Component(Enums.ComponentType.Library, name, {
    bomRef,
    group,
    version: pkg.version,
    purl: purlOf(pkg),
    scope: pkg.scope === "optional" ? Enums.ComponentScope.Optional : undefined,
  });
  for (const p of packageProperties(pkg)) component.properties.add(p);
  return component;
}

/**
 * The CycloneDX model of an inventory: one `library` component per package, the subject as
 * `metadata.component` depending on the direct packages, Bulwark facts as `bulwark:*` properties
 * and the notes as `bulwark:note` metadata properties.
 */
export function buildBom(inv: Inventory, opts: RenderOptions): Models.Bom {
  const { Enums, Models } = cyclonedx();
  const bom = new Models.Bom();
  bom.serialNumber = `urn:uuid:${(opts.uuid ?? randomUUID)()}`;
  bom.metadata.timestamp = opts.now;
  bom.metadata.tools.components.add(
    new Models.Component(Enums.ComponentType.Application, opts.toolName, { version: opts.toolVersion }),
  );
  const subject = subjectComponent(describeSubject(inv, opts));
  bom.metadata.component = subject;
  for (const note of sortedNotes(inv)) bom.metadata.properties.add(property("bulwark:note", noteLabel(note)));

  const refs = packageBomRefs(inv);
  for (const pkg of sortedPackages(inv)) {
    const component = packageComponent(pkg, refs.get(pkg)!);
    bom.components.add(component);
    if (pkg.relation === "direct") subject.dependencies.add(component.bomRef);
  }
  return bom;
}

/**
 * The bom-ref {@link buildBom} gives each package of the inventory, keyed by the package object,
 * so documents that point at components (a VDR's `affects`) use the same refs.
 */
export function packageBomRefs(inv: Inventory): Map<ExtractedPackage, string> {
  const packages = sortedPackages(inv);
  const refs = bomRefs(packages);
  return new Map(packages.map((pkg, i) => [pkg, refs[i]!]));
}
