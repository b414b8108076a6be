/**
 * The output of data-integrator's `get-credentials` action (and of any action whose results hold
 * one map of provider fields per product), in the shapes Juju prints it:
 *
 * - Juju 3 `juju run <unit> get-credentials`: the results map itself (`ok: "True"`,
 *   `postgresql: {…}`), after a "Running operation" preamble (removed by paste-cleanup);
 * - Juju 3 `juju run … --format=yaml|json`: `<unit>: {id, results, status, timing, unit}`;
 * - Juju 2.9 `juju run-action … --wait`: `unit-<app>-<n>: {UnitId, id, results, status, timing}`;
 * - Juju 2.9 `juju show-action-output <id>` / Juju 3 `juju show-task <id> --format=yaml`:
 *   `{UnitId?, id?, results, status, timing}` without the unit key.
 *
 * Sources: data-integrator README (2.9 shape), Charmed PgBouncer/PostgreSQL docs (Juju 3 plain
 * shape), juju/juju cmd/juju/action run and show-task output formatting.
 */
import { unitFromTag } from "./paste-cleanup.js";
import type { LooseBag } from "./show-unit-input.js";

/** One product's credentials, as the action printed them. */
export interface CredentialsBlock {
  /** The results key, e.g. `postgresql`, `mysql`, `mongodb`, `kafka`. */
  readonly product: string;
  /** The provider fields (secrets already resolved by the action). */
  readonly bag: LooseBag;
  /** The unit the action ran on, when the output or the command names it. */
  readonly unit: string | undefined;
}

/** A recognised action output. */
export interface ActionOutput {
  /** Which shape it was, for the report. */
  readonly format: string;
  /** Every product map in the results. */
  readonly blocks: readonly CredentialsBlock[];
  /** Scalar results (`ok`, `Code`, `message`, …); never credentials. */
  readonly scalars: Readonly<Record<string, string>>;
}

/** Result keys data-integrator uses for the products it can relate to. */
export const PRODUCT_KEYS = ["postgresql", "mysql", "mongodb", "mongos", "kafka", "opensearch", "zookeeper", "etcd", "valkey", "cassandra"] as const;

/** Keys Juju adds around an action's results (2.9 and 3.x). */
const ENVELOPE_KEYS = new Set(["UnitId", "id", "status", "timing", "unit", "message", "log", "output"]);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isEnvelope(value: Record<string, unknown>): boolean {
  return isObject(value["results"]) && Object.keys(value).every((k) => k === "results" || ENVELOPE_KEYS.has(k));
}

function collect(results: Record<string, unknown>, unit: string | undefined, blocks: CredentialsBlock[], scalars: Record<string, string>): void {
  for (const [key, value] of Object.entries(results)) {
    if (isObject(value)) blocks.push({ product: key, bag: value, unit });
    else if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") scalars[key] = String(value);
  }
}

function fromResults(results: Record<string, unknown>, format: string, unit: string | undefined): ActionOutput {
  const blocks: CredentialsBlock[] = [];
  const scalars: Record<string, string> = {};
  collect(results, unit, blocks, scalars);
  return { format, blocks, scalars };
}

/** True when a plain map is an action's results map (Juju 3 plain output). */
function looksLikeResults(value: Record<string, unknown>): boolean {
  const productMap = Object.entries(value).some(([k, v]) => (PRODUCT_KEYS as readonly string[]).includes(k) && isObject(v));
  return productMap || value["ok"] === "True" || value["ok"] === "False";
}

/**
 * Recognises an action output; `undefined` when `value` is something else (show-unit output or
 * a databag). `unitHint` is the unit named by the pasted command, if any.
 */
export function readActionOutput(value: Record<string, unknown>, unitHint: string | undefined): ActionOutput | undefined {
  const keys = Object.keys(value);
  if (keys.length === 0) return undefined;
  if (isEnvelope(value)) {
    const unitId = typeof value["UnitId"] === "string" ? value["UnitId"] : typeof value["unit"] === "string" ? value["unit"] : unitHint;
    return fromResults(value["results"] as Record<string, unknown>, "action output (show-action-output / show-task)", unitId);
  }
  if (keys.every((k) => isObject(value[k]) && isEnvelope(value[k] as Record<string, unknown>))) {
    // One entry per unit the action ran on: `unit-<app>-<n>` in Juju 2.9, `<app>/<n>` in Juju 3.
    const blocks: CredentialsBlock[] = [];
    const scalars: Record<string, string> = {};
    let tags = 0;
    for (const key of keys) {
      const body = value[key] as Record<string, unknown>;
      const tagUnit = unitFromTag(key);
      if (tagUnit !== undefined) tags++;
      const unit = typeof body["UnitId"] === "string" ? body["UnitId"] : (tagUnit ?? (key.includes("/") ? key : unitHint));
      collect(body["results"] as Record<string, unknown>, unit, blocks, scalars);
    }
    const format = tags > 0 ? "Juju 2.9 juju run-action --wait" : "Juju 3 juju run --format=yaml|json";
    return { format, blocks, scalars };
  }
  if (looksLikeResults(value)) return fromResults(value, "Juju 3 juju run (results)", unitHint);
  return undefined;
}
