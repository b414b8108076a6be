/**
 * The pgsql request (docs/protocol.md#pgsql-request): `database`, `roles`, `extensions`. The leader writes it to the app
 * databag and to a shared copy in the peer relation's app databag; every unit mirrors it into
 * its own unit databag (for v1 providers that read unit data). Non-leaders cannot read their own
 * application's relation databag, so the shared copy is how they learn what was requested.
 */
import { decodePgsqlSharedRequest, encodePgsqlSharedRequest, pgsqlSharedRequestKey, PgsqlRequirerAppDatabag, type PgsqlRequirerApp } from "../../interfaces/index.js";

/** What the leader asks a pgsql provider for. */
export interface PgsqlRequest {
  /** Database name; undefined = the provider's default (postgresql-k8s does not invent one). */
  readonly database: string | undefined;
  /** Roles for the relation user (sorted). postgresql-k8s refuses any (docs/protocol.md#l-08). */
  readonly roles: readonly string[];
  /** Extensions, `name` or `name:schema` (sorted). */
  readonly extensions: readonly string[];
}

/** The request with lists sorted and de-duplicated, empty database = provider default. */
export function normalizeRequest(input: { database?: string | undefined; roles?: readonly string[] | undefined; extensions?: readonly string[] | undefined }): PgsqlRequest {
  const list = (v: readonly string[] | undefined): readonly string[] => Object.freeze([...new Set((v ?? []).map((s) => s.trim()).filter((s) => s !== ""))].sort());
  const database = input.database === undefined || input.database === "" ? undefined : input.database;
  return Object.freeze({ database, roles: list(input.roles), extensions: list(input.extensions) });
}

/** The request as the typed pgsql requirer app databag model (empty lists and database left out). */
function requestModel(request: PgsqlRequest): PgsqlRequirerApp {
  return {
    ...(request.database === undefined ? {} : { database: request.database }),
    ...(request.roles.length === 0 ? {} : { roles: [...request.roles] }),
    ...(request.extensions.length === 0 ? {} : { extensions: [...request.extensions] }),
  };
}

/** The three request keys in wire form; absent keys map to `""` so a write removes them (docs/protocol.md#l-01). */
export function requestBag(request: PgsqlRequest): Record<"database" | "roles" | "extensions", string> {
  const wire = PgsqlRequirerAppDatabag.encode(requestModel(request));
  return { database: wire["database"] ?? "", roles: wire["roles"] ?? "", extensions: wire["extensions"] ?? "" };
}

/** Key of the shared copy of one relation's request in the peer app databag. */
export function sharedCopyKey(endpoint: string, relationId: number): string {
  return pgsqlSharedRequestKey(endpoint, relationId);
}

/** The shared copy's value: the request's wire form as JSON (lib/interfaces/pgsql/shared-request-copy.ts). */
export function encodeSharedCopy(request: PgsqlRequest): string {
  return encodePgsqlSharedRequest(requestModel(request));
}

/** Reads a shared copy; undefined when absent, a string describing the problem when unreadable. */
export function decodeSharedCopy(text: string | undefined):
  | PgsqlRequest
  | undefined
  | {
      /** Why the copy cannot be used. */
      readonly problem: string;
    } {
  const read = decodePgsqlSharedRequest(text);
  if (!read.ok) return { problem: read.problem };
  if (read.value === undefined) return undefined;
  return normalizeRequest({ database: read.value.database, roles: read.value.roles, extensions: read.value.extensions });
}
