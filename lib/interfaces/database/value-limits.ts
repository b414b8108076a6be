/**
 * The one size-and-character policy for every databag value this package reads, modern
 * (`postgresql_client`, `mysql_client`, `mongodb_client`, `mongos_client`, v0 and v1) and legacy
 * (`pgsql`, `mysql`). Every codec built with `defineBag` applies it on decode, and the protocol
 * engine applies it to the resolved provider view, so no path delivers a value the others refuse.
 * docs/value-limits.md is the table of this file; keep them together.
 *
 * Why three classes:
 * - `line`: names, addresses, ports, flags, credentials, URIs and libpq strings are one line by
 *   nature; a control character there is an injection risk (a newline in a host ends up in a
 *   config file line, a NUL cuts a C string). 16 KiB is far above any real value (the longest,
 *   a MongoDB `uris` over dozens of members, is a few KiB).
 * - `text`: PEM chains, JSON lists and newline-separated lists legitimately hold tab, LF and CR.
 *   256 KiB holds a full public CA bundle (about 220 KB) with room to spare.
 * - `document`: `data` and `requests` carry a copy of a whole databag (a CA included), so they get
 *   four text values' worth: 1 MiB.
 * Keys nobody has classified (additional secret fields, provider extensions) are `text`.
 */
import type { FieldProblem } from "./databag-error.js";

/** How a value is checked: one line, multi-line text, or a whole embedded databag. */
export type ValueClass = "line" | "text" | "document";

/** The limits of one class. */
export interface ValueLimit {
  /** Longest value accepted, in UTF-16 code units (what `string.length` counts). */
  readonly maxLength: number;
  /** Characters refused anywhere in the value. */
  readonly forbidden: RegExp;
  /** The problem text for a forbidden character (never quotes the value). */
  readonly forbiddenProblem: string;
}

/**
 * Longest Unix socket path accepted in a `file://` endpoint, in UTF-8 bytes: Linux `sun_path` is
 * 108 bytes including the terminating NUL (unix(7)); a longer path could never be connected to.
 */
export const SOCKET_PATH_MAX_BYTES = 107;

/** What `text` and `document` refuse: control characters other than tab and line breaks. */
const MULTILINE = { forbidden: /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/, forbiddenProblem: "contains control characters" };

/** The limits of each class (see the file comment and docs/value-limits.md for the reasons). */
export const VALUE_LIMITS: Readonly<Record<ValueClass, ValueLimit>> = {
  line: { maxLength: 16 * 1024, forbidden: /[\u0000-\u001f\u007f]/, forbiddenProblem: "contains control characters or a line break" },
  text: { maxLength: 256 * 1024, ...MULTILINE },
  document: { maxLength: 1024 * 1024, ...MULTILINE },
};

const LINE_KEYS = [
  // modern provider answer (v0 and v1)
  "database",
  "resource",
  "endpoints",
  "read-only-endpoints",
  "prefix-databases",
  "version",
  "replset",
  "username",
  "password",
  "uris",
  "read-only-uris",
  "tls",
  "entity-name",
  "entity-password",
  "request-id",
  "salt",
  "subordinated",
  "state",
  "encryption-secret",
  "secret-user",
  "secret-tls",
  "secret-mtls",
  "secret-entity",
  "secret-extra",
  // modern request
  "extra-user-roles",
  "extra-group-roles",
  "entity-type",
  "requested-entity-secret",
  "prefix-matching",
  "external-node-connectivity",
  "alias",
  // legacy pgsql and mysql, and the addresses Juju adds to unit databags
  "allowed-subnets",
  "allowed-units",
  "host",
  "port",
  "user",
  "master",
  "schema_user",
  "schema_password",
  "extensions",
  "roles",
  "root_password",
  "egress-subnets",
  "ingress-address",
  "private-address",
] as const;

const TEXT_KEYS = ["tls-ca", "mtls-cert", "status", "entity-permissions", "requested-secrets", "provided-secrets", "standbys"] as const;

const DOCUMENT_KEYS = ["data", "requests"] as const;

/** The class of every key this package knows; any other key is `text`. */
export const VALUE_CLASS_OF_KEY: ReadonlyMap<string, ValueClass> = new Map<string, ValueClass>([
  ...LINE_KEYS.map((k) => [k, "line"] as const),
  ...TEXT_KEYS.map((k) => [k, "text"] as const),
  ...DOCUMENT_KEYS.map((k) => [k, "document"] as const),
]);

/** The class a databag key's value is checked as. */
export function valueClassOf(key: string): ValueClass {
  return VALUE_CLASS_OF_KEY.get(key) ?? "text";
}

/** What is wrong with `value` under `key`, or undefined when it is within the policy. Never quotes the value. */
export function valueLimitProblem(key: string, value: string): string | undefined {
  const limit = VALUE_LIMITS[valueClassOf(key)];
  if (value.length > limit.maxLength) return `is ${value.length} characters long; at most ${limit.maxLength} are accepted`;
  if (limit.forbidden.test(value)) return limit.forbiddenProblem;
  return undefined;
}

/** Every key of `bag` whose value breaks the policy, in bag order (values never quoted). */
export function valueLimitProblems(bag: Readonly<Record<string, string>>): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const [key, value] of Object.entries(bag)) {
    const problem = valueLimitProblem(key, value);
    if (problem !== undefined) out.push({ field: key, problem });
  }
  return out;
}
