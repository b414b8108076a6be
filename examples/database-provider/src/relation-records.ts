/** What the provider remembers per relation (stored state of the leader); never a password. */
import * as z from "zod/mini";

/** One served relation. Empty strings mean "none". */
export const RelationRecord = z.object({
  /** The endpoint (`database` or `mysql-database`). */
  endpoint: z.string(),
  /** The relation user. */
  user: z.string(),
  /** The database created for it. */
  database: z.string(),
  /** `secrets`: credentials in Juju secrets; `databag`: plaintext (the requirer sent no requested-secrets). */
  mode: z.enum(["secrets", "databag"]),
  /** Whether the requirer asked for `read-only-uris`. */
  readOnlyUris: z.boolean(),
  /** Id of the user secret (secrets mode). */
  userSecret: z.string(),
  /** Id of the tls secret, once TLS was published (secrets mode). */
  tlsSecret: z.string(),
  /** The TLS announcement last published: "" (never), "off", or "on:<sha256 of the CA>". */
  tlsState: z.string(),
  /** The provider profile that answered ("" for the protocol document's behaviour). */
  profile: z._default(z.string(), ""),
});
/** One served relation. */
export type RelationRecord = z.infer<typeof RelationRecord>;

/** All records by relation id. */
export const RelationRecords = z.record(z.string(), RelationRecord);
/** All records by relation id. */
export type RelationRecords = z.infer<typeof RelationRecords>;
