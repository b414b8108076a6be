/**
 * MySQL client `--ssl-mode` values and their mapping onto mysql2's `ssl` option.
 *
 * MySQL's documented meanings: DISABLED – no TLS; PREFERRED – TLS if the server offers it, else
 * plain; REQUIRED – TLS, certificate not checked; VERIFY_CA – TLS, chain checked against the CA,
 * host name not checked; VERIFY_IDENTITY – chain and host name checked.
 * mysql2 upgrades to TLS only when `ssl` is set and never falls back, so PREFERRED is mapped to its
 * first attempt: TLS without checks (fails against a server without TLS: choose `disabled` then).
 * Verifying modes without a provider CA use node's built-in trust store.
 */
import { usableCa } from "../tls-ca.js";

/**
 * The TLS settings this layer fills for mysql2's `ssl` option. A local structural type (assignable
 * to mysql2's `SslOptions`) so the published declarations do not require mysql2 to be installed.
 */
export interface MySqlSslConfig {
  /** PEM of the provider CA to trust; absent = node's built-in trust store. */
  readonly ca?: string;
  /** Whether the server certificate chain must verify. */
  readonly rejectUnauthorized: boolean;
  /** Whether the certificate must also name the host connected to. */
  readonly verifyIdentity: boolean;
}

/** The five MySQL SSL modes, spelled in lower case. */
export type MySqlSslMode = "disabled" | "preferred" | "required" | "verify-ca" | "verify-identity";

/** All MySQL SSL modes, weakest first. */
export const MYSQL_SSL_MODES: readonly MySqlSslMode[] = ["disabled", "preferred", "required", "verify-ca", "verify-identity"];

/** True when `value` is one of the MySQL SSL modes. */
export function isMySqlSslMode(value: string): value is MySqlSslMode {
  return (MYSQL_SSL_MODES as readonly string[]).includes(value);
}

/**
 * The mode used when the caller does not choose one: TLS off → `disabled` (an explicit
 * `tls: false` wins over a CA); TLS on with a CA → `verify-identity`; without one → `required`.
 * MySQL charms send neither `tls` nor `tls-ca` today, so `tls` is then whether a CA was sent
 * (ConnectionFacts.tls).
 */
export function defaultMySqlSslMode(tls: boolean, tlsCa: string | undefined): MySqlSslMode {
  if (!tls) return "disabled";
  return usableCa(tlsCa) !== undefined ? "verify-identity" : "required";
}

/** The value for mysql2's `ssl` option in the given mode (`undefined` = no TLS). */
export function mysqlSslOption(mode: MySqlSslMode, tlsCa: string | undefined): MySqlSslConfig | undefined {
  const pem = usableCa(tlsCa);
  const ca = pem === undefined ? {} : { ca: pem };
  switch (mode) {
    case "disabled":
      return undefined;
    case "preferred":
    case "required":
      return { rejectUnauthorized: false, verifyIdentity: false };
    case "verify-ca":
      return { ...ca, rejectUnauthorized: true, verifyIdentity: false };
    case "verify-identity":
      return { ...ca, rejectUnauthorized: true, verifyIdentity: true };
  }
}
