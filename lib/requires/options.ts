/**
 * The options a charm gives its database requirer, their validation into a {@link RequestSpec},
 * and the endpoint's declaration in the charm's metadata.
 */
import { OpsError, parseCharmMetadata, type CharmMetadata } from "../ops/index.js";
import { readEntityPermissionsWire } from "../interfaces/database/entity-permissions.js";
import { MIN_PREFIX_LENGTH, requestRuleBreaks, type RequestRuleBreak, type RequestShape } from "../interfaces/database/request-rules.js";
import { RequestConfigError } from "./errors.js";

// ---- request config ----------------------------------------------------------------------------

/**
 * The options a charm gives its database requirer, and their validation into a normalised
 * {@link RequestSpec} (docs/protocol.md#n-01, docs/protocol.md#s-09, docs/protocol.md#x-01/docs/protocol.md#x-02, docs/protocol.md#g-11). Every rule failure is a
 * {@link RequestConfigError} naming the option.
 */

/** One permission of a custom entity (`entity-permissions` element). */
export interface EntityPermissionOption {
  /** The resource granted on, e.g. a table. */
  readonly resource_name: string;
  /** Its kind, e.g. `table`. */
  readonly resource_type: string;
  /** The privileges granted, e.g. `SELECT`. */
  readonly privileges: readonly string[];
}

/** Which entity to create: named (a helper secret is made for it) or given as an existing secret. */
export type RequestedEntity =
  | {
      /** The entity's name. */
      readonly name: string;
      /** Its password, when the charm chooses one. */
      readonly password?: string;
    }
  | {
      /** URI of a secret the charm owns that names the entity (and optionally its password). */
      readonly secretUri: string;
    };

/** Wire format to speak: `v0` (default, works with every provider), `v1`, or `auto` (write v0, read either). */
export type ProtocolChoice = "v0" | "v1" | "auto";

/** `compatible`: one data event per hook with the Python precedence; `every`: all applicable events (docs/protocol.md#e-11). */
export type EventMode = "compatible" | "every";

/** What the charm asks for. Roles may be given as a list or a comma-separated string. */
export interface RequestOptions {
  /** The relation endpoint (declared under `requires:` or, for mongos, `provides:`). */
  readonly relationName: string;
  /** Database name; a name ending in `*` is a prefix request. Leave unset to request nothing yet. */
  readonly database?: string;
  /** Prefix request without the `*` (alternative to `database`). */
  readonly prefix?: string;
  /** Prefix matching strategy written as `prefix-matching` (default `all`). */
  readonly prefixMatching?: string;
  /** Extra roles for the relation user (`extra-user-roles`). */
  readonly extraUserRoles?: readonly string[] | string;
  /** Extra roles for a GROUP entity (`extra-group-roles`). */
  readonly extraGroupRoles?: readonly string[] | string;
  /** Ask for a custom entity (`USER` or `GROUP`) instead of only the relation user. */
  readonly entityType?: "USER" | "GROUP";
  /** Permissions as a list or as JSON text (e.g. from charm config). */
  readonly entityPermissions?: readonly EntityPermissionOption[] | string;
  /** The entity to create: a name (and password), or a secret that names it. */
  readonly requestedEntity?: RequestedEntity;
  /** Ask the provider to be reachable from outside the host (`external-node-connectivity`). */
  readonly externalNodeConnectivity?: boolean;
  /** Extra provider fields to receive through secrets (group `extra`). */
  readonly additionalSecretFields?: readonly string[];
  /** One alias per allowed relation of the endpoint. */
  readonly relationAliases?: readonly string[];
  /** Wire format to speak (default `v0`). */
  readonly protocol?: ProtocolChoice;
  /** Fixed v1 salt; by default one is derived from the relation so ids are reproducible (docs/protocol.md#v-03). */
  readonly salt?: string;
  /** Which data events a hook emits (default `compatible`). */
  readonly eventMode?: EventMode;
}

/** Validated, normalised request. */
export interface RequestSpec {
  /** The relation endpoint. */
  readonly relationName: string;
  /** Value of the `database` key (`<prefix>*` for prefix requests); undefined = request nothing yet. */
  readonly database: string | undefined;
  /** Prefix matching strategy written as `prefix-matching`. */
  readonly prefixMatching: string | undefined;
  /** Extra roles for the relation user (`extra-user-roles`). */
  readonly extraUserRoles: readonly string[];
  /** Extra roles for a GROUP entity (`extra-group-roles`). */
  readonly extraGroupRoles: readonly string[];
  /** Ask for a custom entity (`USER` or `GROUP`) instead of only the relation user. */
  readonly entityType: "USER" | "GROUP" | undefined;
  /** Grants of the custom entity. */
  readonly entityPermissions: readonly EntityPermissionOption[] | undefined;
  /** The entity to create: a name (and password), or a secret that names it. */
  readonly requestedEntity: RequestedEntity | undefined;
  /** Ask the provider to be reachable from outside the host (`external-node-connectivity`). */
  readonly externalNodeConnectivity: boolean;
  /** Extra provider fields to receive through secrets (group `extra`). */
  readonly additionalSecretFields: readonly string[];
  /** One alias per allowed relation of the endpoint. */
  readonly relationAliases: readonly string[];
  /** Wire format to speak (default `v0`). */
  readonly protocol: ProtocolChoice;
  /** Fixed v1 salt, when given. */
  readonly salt: string | undefined;
  /** Which data events a hook emits (default `compatible`). */
  readonly eventMode: EventMode;
}


// Juju secret keys: lower case, digits and single dashes, at least 3 characters.
const SECRET_KEY = /^[a-z](?:-?[a-z0-9]){2,}$/;
const ALIAS = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const ROLE = /^[^,\s]+$/;

function roleList(option: string, value: readonly string[] | string | undefined): string[] {
  if (value === undefined) return [];
  const items = typeof value === "string" ? value.split(",").map((s) => s.trim()).filter((s) => s !== "") : [...value];
  for (const r of items) {
    if (!ROLE.test(r)) throw new RequestConfigError(option, `role "${r}" must be non-empty and contain no commas or spaces`);
  }
  return items;
}

function permissions(value: readonly EntityPermissionOption[] | string | undefined): EntityPermissionOption[] | undefined {
  if (value === undefined) return undefined;
  let raw: unknown = value;
  if (typeof value === "string") {
    if (value.trim() === "") return undefined;
    try {
      raw = JSON.parse(value);
    } catch {
      throw new RequestConfigError("entityPermissions", "is not valid JSON; expected an array of {resource_name, resource_type, privileges}");
    }
  }
  const parsed = readEntityPermissionsWire(raw);
  if (!parsed.ok) {
    throw new RequestConfigError(
      "entityPermissions",
      `expected an array of objects with exactly resource_name, resource_type and privileges (a list of strings)${parsed.where}`,
    );
  }
  return parsed.value;
}

/**
 * The request rules are lib/interfaces' (request-rules.ts), checked strictly on the request this
 * engine would write; this only words the first broken rule in terms of the charm's options.
 */
function checkRequestRules(request: RequestShape, options: RequestOptions): void {
  const first = requestRuleBreaks(request, { strict: true })[0];
  if (first !== undefined) throw optionError(first, request, options);
}

function optionError(broken: RequestRuleBreak, request: RequestShape, options: RequestOptions): RequestConfigError {
  const db = request.database ?? "";
  switch (broken.rule) {
    case "database-with-separator":
      return new RequestConfigError("database", "must not contain spaces or commas");
    case "star-not-last":
      return db.endsWith("*")
        ? new RequestConfigError("database", 'a prefix request has exactly one "*", at the end')
        : new RequestConfigError("database", 'a "*" is only allowed at the end (prefix request)');
    case "prefix-matching-without-prefix":
      return new RequestConfigError("prefixMatching", request.database === undefined ? "needs a prefix request" : 'needs a prefix request (database ending in "*")');
    case "prefix-too-short":
      return new RequestConfigError(options.prefix !== undefined ? "prefix" : "database", `a prefix needs at least ${MIN_PREFIX_LENGTH} characters before the *`);
    case "prefix-matching-empty":
      return new RequestConfigError("prefixMatching", "must not be empty");
    case "user-entity-with-group-roles":
      return new RequestConfigError("extraGroupRoles", "a USER entity takes extraUserRoles; use extra user roles instead");
    case "group-entity-with-user-roles":
      return new RequestConfigError("extraUserRoles", "a GROUP entity takes extraGroupRoles; use extra group roles instead");
    case "permissions-without-entity":
      return new RequestConfigError("entityPermissions", "only applies to an entity request; set entityType");
  }
}

function databaseName(options: RequestOptions): { database: string | undefined; prefixMatching: string | undefined } {
  if (options.database !== undefined && options.prefix !== undefined) {
    throw new RequestConfigError("prefix", 'give either "database" or "prefix", not both');
  }
  let db = options.prefix !== undefined ? `${options.prefix}*` : options.database;
  if (db === "") db = undefined;
  // A prefix request defaults its strategy to `all`; any other request keeps what was given, for the rules to judge.
  const prefixMatching = db !== undefined && db.endsWith("*") ? (options.prefixMatching ?? "all") : options.prefixMatching;
  checkRequestRules({ database: db, prefixMatching }, options);
  return { database: db, prefixMatching };
}

function requestedEntity(value: RequestedEntity | undefined): RequestedEntity | undefined {
  if (value === undefined) return undefined;
  const v = value as { name?: unknown; password?: unknown; secretUri?: unknown };
  if (v.secretUri !== undefined) {
    if (v.name !== undefined || v.password !== undefined) {
      throw new RequestConfigError("requestedEntity", "give either a secret URI or an entity name (and password), not both");
    }
    if (typeof v.secretUri !== "string" || !/^secret:/.test(v.secretUri)) {
      throw new RequestConfigError("requestedEntity", 'secretUri must be a Juju secret URI ("secret:..." )');
    }
    return { secretUri: v.secretUri };
  }
  if (typeof v.name !== "string" || v.name === "") {
    throw new RequestConfigError("requestedEntity", "a password needs an entity name; set requestedEntity.name");
  }
  if (v.password !== undefined && (typeof v.password !== "string" || v.password === "")) {
    throw new RequestConfigError("requestedEntity", "password, when given, must be a non-empty string");
  }
  return v.password === undefined ? { name: v.name } : { name: v.name, password: v.password as string };
}

/**
 * Validates `options` into a {@link RequestSpec}. `secretsAvailable` is false below Juju 3.0.3;
 * a requested entity needs secrets (docs/protocol.md#s-09).
 */
export function validateRequestOptions(options: RequestOptions, secretsAvailable = true): RequestSpec {
  if (!/^[a-z][a-z0-9-]*$/.test(options.relationName)) {
    throw new RequestConfigError("relationName", "must be an endpoint name from metadata.yaml (lower case, digits, dashes)");
  }
  const { database, prefixMatching } = databaseName(options);
  const extraUserRoles = roleList("extraUserRoles", options.extraUserRoles);
  const extraGroupRoles = roleList("extraGroupRoles", options.extraGroupRoles);
  const entityType = options.entityType;
  if (entityType !== undefined && entityType !== "USER" && entityType !== "GROUP") {
    throw new RequestConfigError("entityType", 'must be "USER" or "GROUP"');
  }
  // Entity roles before the permissions are parsed, as before; the second pass adds the permissions.
  checkRequestRules({ database, prefixMatching, entityType, extraUserRoles, extraGroupRoles }, options);
  const entityPermissions = permissions(options.entityPermissions);
  checkRequestRules({ database, prefixMatching, entityType, extraUserRoles, extraGroupRoles, entityPermissions }, options);
  const entity = requestedEntity(options.requestedEntity);
  if (entity !== undefined && !secretsAvailable) {
    throw new RequestConfigError("requestedEntity", "needs Juju secrets (Juju 3.0.3 or newer)");
  }
  const additionalSecretFields = [...(options.additionalSecretFields ?? [])];
  for (const f of additionalSecretFields) {
    if (!SECRET_KEY.test(f)) {
      throw new RequestConfigError("additionalSecretFields", `"${f}" is not a valid Juju secret key (lower case, digits, single dashes, 3+ characters)`);
    }
  }
  const relationAliases = [...(options.relationAliases ?? [])];
  for (const a of relationAliases) {
    if (!ALIAS.test(a)) throw new RequestConfigError("relationAliases", `alias "${a}" must be an identifier (letters, digits, _ or -)`);
  }
  if (new Set(relationAliases).size !== relationAliases.length) {
    throw new RequestConfigError("relationAliases", "aliases must be unique");
  }
  const protocol = options.protocol ?? "v0";
  if (!["v0", "v1", "auto"].includes(protocol)) throw new RequestConfigError("protocol", 'must be "v0", "v1" or "auto"');
  if (protocol === "v1" && entity !== undefined) {
    throw new RequestConfigError("requestedEntity", 'the v1 wire format has no requested-entity-secret; use protocol "v0" or "auto"');
  }
  if (options.salt !== undefined && !/^[A-Za-z0-9]{1,64}$/.test(options.salt)) {
    throw new RequestConfigError("salt", "must be 1-64 letters or digits");
  }
  const eventMode = options.eventMode ?? "compatible";
  if (eventMode !== "compatible" && eventMode !== "every") throw new RequestConfigError("eventMode", 'must be "compatible" or "every"');
  return {
    relationName: options.relationName,
    database,
    prefixMatching,
    extraUserRoles,
    extraGroupRoles,
    entityType,
    entityPermissions,
    requestedEntity: entity,
    externalNodeConnectivity: options.externalNodeConnectivity ?? false,
    additionalSecretFields,
    relationAliases,
    protocol,
    salt: options.salt,
    eventMode,
  };
}

/**
 * docs/protocol.md#a-01: the number of aliases must equal the endpoint's `limit` (when aliases are used at all).
 * `limit` undefined means the endpoint is unlimited, which cannot be aliased.
 */
export function validateAliasCount(endpoint: string, aliases: readonly string[], limit: number | undefined): void {
  if (aliases.length === 0) return;
  if (limit === undefined) {
    throw new RequestConfigError("relationAliases", `endpoint "${endpoint}" has no "limit" in metadata.yaml; aliases need one alias per allowed relation`);
  }
  if (aliases.length !== limit) {
    throw new RequestConfigError("relationAliases", `endpoint "${endpoint}" allows ${limit} relation(s) but ${aliases.length} alias(es) were given`);
  }
}

// ---- endpoint metadata -------------------------------------------------------------------------

/**
 * What the requirer needs from the charm's metadata about its endpoint: where it is declared
 * (`requires:` or, for mongos, `provides:`, docs/protocol.md#a-04) and its `limit` (docs/protocol.md#a-01). The runtime parses the
 * metadata once per hook (lib/ops `CharmMetadata`); this only looks the endpoint up in it.
 */

/** The endpoint's declaration. */
export interface EndpointDeclaration {
  /** `requires:` or `provides:` (mongos principals declare the requirer side under provides). */
  readonly role: "requires" | "provides";
  /** The declared interface name. */
  readonly interface: string | undefined;
  /** The declared `limit`, if any. */
  readonly limit: number | undefined;
}

/** Finds `endpoint` among the requires/provides endpoints of parsed metadata; undefined when not declared there. */
export function endpointDeclaration(metadata: CharmMetadata, endpoint: string): EndpointDeclaration | undefined {
  const decl = Object.hasOwn(metadata.endpoints, endpoint) ? metadata.endpoints[endpoint] : undefined;
  if (decl === undefined || decl.role === "peers") return undefined;
  return { role: decl.role, interface: decl.interface, limit: decl.limit };
}

/** Finds `endpoint` in metadata YAML text; undefined when it is not declared there. */
export function findEndpoint(text: string, endpoint: string, source = "metadata.yaml"): EndpointDeclaration | undefined {
  try {
    return endpointDeclaration(parseCharmMetadata(text, source), endpoint);
  } catch (e) {
    if (e instanceof OpsError) throw new RequestConfigError("relationName", e.message);
    throw e;
  }
}
