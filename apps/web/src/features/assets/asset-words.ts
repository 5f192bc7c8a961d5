import type { Schemas } from "@bulwark/api-contract";

/** An asset kind the API knows. */
export type AssetKind = Schemas["Asset"]["kind"];

/** An asset's criticality (SSVC Mission & Well-being). */
export type Criticality = Schemas["Asset"]["criticality"];

/** Every asset kind with its words; a Record over the contract's enum so a new kind must be named here. */
export const ASSET_KINDS: Readonly<Record<AssetKind, string>> = {
  server: "Server",
  application: "Application",
  device: "Device",
  "container-image": "Container image",
  service: "Service",
};

/** Every criticality with its words, lowest first. */
export const CRITICALITIES: Readonly<Record<Criticality, string>> = {
  low: "Low",
  medium: "Medium",
  high: "High",
};
