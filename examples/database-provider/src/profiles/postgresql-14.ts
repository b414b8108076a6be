/**
 * postgresql-14: Charmed PostgreSQL 14 (machines), canonical/postgresql-operator branch `main`
 * (metadata.yaml says "Charmed PostgreSQL 14"); postgresql-k8s-operator 14 answers the same way.
 * Rules, all from src/relations/postgresql_provider.py:
 * - user `relation-<relation id>` (`_on_database_requested`), 16-character password (utils.new_password);
 * - `endpoints` is the primary `<ip>:5432`; `read-only-endpoints` the replicas, or the primary when
 *   there are none (`update_endpoints`);
 * - `uris` = `postgresql://<user>:<password>@<primary>:5432/<database>` in the user secret;
 *   `read-only-uris` only when the requirer listed it in `requested-secrets`;
 * - `update_endpoints` ends with `set_tls("True"|"False")` and `set_tls_ca(ca or "")`, so the tls
 *   group is written on creation and on every refresh (TLS on, off, topology changes);
 * - `version` and `database` are set with the credentials.
 */
import { postgresqlAnswer } from "./postgresql-answer.js";
import type { ProviderProfile } from "./profile.js";

export const postgresql14: ProviderProfile = {
  name: "postgresql-14",
  sources: ["canonical/postgresql-operator@main src/relations/postgresql_provider.py", "canonical/postgresql-k8s-operator (14) src/relations/postgresql_provider.py"],
  engine: "postgresql",
  endpoint: "database",
  passwordLength: 16,
  tls: "always-refresh",
  publishesVersion: true,
  subordinated: false,
  userName: (ctx) => `relation-${ctx.relationId}`,
  answer: postgresqlAnswer,
};
