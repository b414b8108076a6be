/**
 * postgresql-16: Charmed PostgreSQL 16, canonical/postgresql-operator branch `16/edge`
 * (metadata.yaml: "Charmed PostgreSQL 16"), src/relations/postgresql_provider.py. What a requirer
 * sees is the 14 answer (see postgresql-14.ts) with these differences in the code:
 * - the user is still `relation-<id>` unless the requirer asked for a custom entity
 *   (`_get_credentials`; entities are not modelled here);
 * - the CA comes from the client TLS files (`tls_manager.get_client_tls_files()`), `""` when TLS
 *   is on without a CA, and `tls`/`tls-ca` are written on every `update_endpoints`, before `uris`;
 * - `read-only-uris` use the replica hosts, falling back to the primary.
 * Prefix requests (`database*` → `prefix-databases`) exist in 16 but are not modelled.
 */
import { postgresqlAnswer } from "./postgresql-answer.js";
import type { ProviderProfile } from "./profile.js";

export const postgresql16: ProviderProfile = {
  name: "postgresql-16",
  sources: ["canonical/postgresql-operator@16/edge src/relations/postgresql_provider.py", "canonical/postgresql-k8s-operator (16) src/relations/postgresql_provider.py"],
  engine: "postgresql",
  endpoint: "database",
  passwordLength: 16,
  tls: "always-refresh",
  publishesVersion: true,
  subordinated: false,
  userName: (ctx) => `relation-${ctx.relationId}`,
  answer: postgresqlAnswer,
};
