/**
 * The engine-neutral description of one database connection, as the protocol engine resolves it
 * from a provider's answer (databag fields and secrets). Every engine builder in lib/engines takes
 * this shape, so the builders never read databags or secrets themselves.
 */
import * as z from "zod/mini";
import "../zod-english.js";
import { mongoUriText } from "../interfaces/database/mongodb-uri.js";
import { ConnectionFactsError, EngineConnectionError, type EngineName } from "./engine-errors.js";

/** Which set of endpoints a connection targets: the primary (read-write) or the replicas. */
export type ConnectionSide = "read-write" | "read-only";

/*
 * Names: an *endpoint* is an item of the databag's `endpoints` list as lib/interfaces decodes it
 * (`Endpoint`, `TcpEndpoint`, `SocketEndpoint` in lib/interfaces/database/endpoints.ts, port always
 * known). An *address* is what a connection builder takes: a decoded endpoint, or a host read from a
 * connection string or written by hand, whose port may be left to the engine's default.
 */

/**
 * A host to connect to. `port` is optional: a host read from a connection string or a libpq
 * keyword line may have none, and each engine then applies its default port. `host` may end with
 * a trailing dot (MySQL providers publish FQDNs with the root dot).
 */
export interface HostAddress {
  /** Host name, IP address (IPv6 without brackets) or, for mongos, a URL-encoded socket path. */
  readonly host: string;
  /** TCP port; engine default when absent. */
  readonly port?: number | undefined;
  /** Never set on a host address (tells it apart from {@link SocketAddress}). */
  readonly socket?: undefined;
}

/**
 * A Unix socket to connect to: a `file://<path>` endpoint on the wire. Only mysql_client accepts it
 * (the machine mysql-router charm's answer to a principal, lib/interfaces/database/endpoints.ts);
 * only the MySQL builders connect through it, the others refuse it with an {@link EngineConnectionError}.
 */
export interface SocketAddress {
  /** Absolute path of the socket. */
  readonly socket: string;
  /** Never set on a socket address. */
  readonly host?: undefined;
  /** Never set on a socket address. */
  readonly port?: undefined;
}

/** Where a builder connects: a host (and port) or a Unix socket. */
export type Address = HostAddress | SocketAddress;

/** True for a Unix socket address. */
export function isSocketAddress(a: Address): a is SocketAddress {
  return a.socket !== undefined;
}

/**
 * The host addresses of a list, for engines that cannot use Unix sockets. Throws
 * {@link EngineConnectionError} naming `field` when the list holds a socket.
 */
export function hostAddresses(engine: EngineName, field: string, addresses: readonly Address[]): readonly HostAddress[] {
  const out: HostAddress[] = [];
  for (const a of addresses) {
    if (isSocketAddress(a)) throw new EngineConnectionError(engine, field, `a Unix socket endpoint (file://) cannot be used by the ${engine} builders`);
    out.push(a);
  }
  return out;
}

/** What a builder needs to know to produce a driver connection. */
export interface ConnectionFacts {
  /** Relation user name. */
  readonly username: string;
  /** Relation user password (secret). */
  readonly password: string;
  /** Database name as the provider answered it (not necessarily the one requested). */
  readonly database: string;
  /** Read-write endpoints (`endpoints`), in provider order. */
  readonly endpoints: readonly Address[];
  /** Read-only endpoints (`read-only-endpoints`), in provider order; may be empty. */
  readonly readOnlyEndpoints: readonly Address[];
  /**
   * Whether the server has TLS enabled: the provider's `tls` flag; when it sent none, whether it
   * sent a CA. An explicit `tls: false` wins over a CA (a CA left behind after TLS was turned
   * off): the default SSL modes then connect without TLS.
   */
  readonly tls: boolean;
  /** The provider's `tls-ca` PEM chain (secret-group `tls`); used by verifying modes whatever `tls` says. */
  readonly tlsCa?: string | undefined;
  /** The provider's `uris` (contain credentials: secret). */
  readonly uris?: string | undefined;
  /** The provider's `read-only-uris` (contain credentials: secret). */
  readonly readOnlyUris?: string | undefined;
  /** MongoDB replica-set name (`replset`); absent for mongos and the SQL engines. */
  readonly replset?: string | undefined;
  /** Which side to connect to; defaults to `read-write`. */
  readonly side?: ConnectionSide | undefined;
}

const AddressSchema = /* @__PURE__ */ z.union([
  /* @__PURE__ */ z.object({
    host: /* @__PURE__ */ z.string().check(/* @__PURE__ */ z.minLength(1, "empty host")),
    port: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.int().check(/* @__PURE__ */ z.gte(1), /* @__PURE__ */ z.lte(65535))),
  }),
  /* @__PURE__ */ z.object({ socket: /* @__PURE__ */ z.string().check(/* @__PURE__ */ z.startsWith("/", "a socket path must be absolute")) }),
]);

// /* @__PURE__ */ marks: a bundle that never validates facts drops the model.
/** zod schema of {@link ConnectionFacts}; used by {@link parseConnectionFacts}. */
export const ConnectionFactsSchema: z.ZodMiniType<ConnectionFacts> = /* @__PURE__ */ z.object({
  username: /* @__PURE__ */ z.string().check(/* @__PURE__ */ z.minLength(1, "empty username")),
  password: /* @__PURE__ */ z.string(),
  database: /* @__PURE__ */ z.string().check(/* @__PURE__ */ z.minLength(1, "empty database name")),
  endpoints: /* @__PURE__ */ z.readonly(/* @__PURE__ */ z.array(AddressSchema)),
  readOnlyEndpoints: /* @__PURE__ */ z.readonly(/* @__PURE__ */ z.array(AddressSchema)),
  tls: /* @__PURE__ */ z.boolean(),
  tlsCa: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.string()),
  uris: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.string()),
  readOnlyUris: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.string()),
  replset: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.string()),
  side: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.enum(["read-write", "read-only"])),
});

/** Fields whose values must never be echoed in an error message. */
const SECRET_FIELDS: ReadonlySet<string> = new Set(["password", "tlsCa", "uris", "readOnlyUris"]);

/**
 * Validates untrusted input as {@link ConnectionFacts}. On failure throws a
 * {@link ConnectionFactsError} naming the first bad field; secret fields are never quoted.
 */
export function parseConnectionFacts(input: unknown): ConnectionFacts {
  const result = ConnectionFactsSchema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue ? issue.path.map(String).join(".") : "";
  const top = field.split(".")[0] ?? "";
  const problem = SECRET_FIELDS.has(top) ? "invalid value <redacted>" : (issue?.message ?? "invalid");
  throw new ConnectionFactsError(field || "(root)", problem);
}

/** The endpoints of the requested side, or an empty list. */
export function endpointsForSide(facts: ConnectionFacts): readonly Address[] {
  return (facts.side ?? "read-write") === "read-only" ? facts.readOnlyEndpoints : facts.endpoints;
}

/** The provider URI string for the requested side (trimmed), if the provider sent a non-blank one. */
export function urisForSide(facts: ConnectionFacts): string | undefined {
  return mongoUriText((facts.side ?? "read-write") === "read-only" ? facts.readOnlyUris : facts.uris);
}
