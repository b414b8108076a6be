/**
 * libpq `sslmode` values and how each maps onto node's TLS options for the `pg` driver.
 *
 * libpq's documented meanings (PostgreSQL manual, "SSL Support"):
 *   disable     – no TLS.
 *   allow       – try without TLS first, use TLS only if the server insists.
 *   prefer      – try TLS first, fall back to plain if the server has no TLS.
 *   require     – TLS only; the certificate is not checked, EXCEPT that when a root CA is
 *                 available libpq verifies the chain exactly as `verify-ca` does.
 *   verify-ca   – TLS; the server certificate must chain to a trusted CA; the host name is not checked.
 *   verify-full – TLS; chain checked and the host name must match the certificate.
 *
 * `pg` opens one connection attempt and never retries with the other TLS setting, so the two
 * fallback modes are mapped onto their FIRST attempt:
 *   allow  → no TLS (fails if the server requires TLS: choose `require` or stricter then);
 *   prefer → TLS without certificate checks (fails if the server has no TLS at all: choose
 *            `disable` then). With a CA at hand it checks the chain like `require` does.
 * `verify-ca`/`verify-full` without a provider CA fall back to node's built-in trust store (libpq
 * would read ~/.postgresql/root.crt; a charm has no such file).
 */
import type { ConnectionOptions } from "node:tls";
import { usableCa } from "../tls-ca.js";

/** The six libpq SSL modes. */
export type PgSslMode = "disable" | "allow" | "prefer" | "require" | "verify-ca" | "verify-full";

/** All libpq SSL modes, weakest first. */
export const PG_SSL_MODES: readonly PgSslMode[] = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"];

/** True when `value` is one of the libpq SSL modes. */
export function isPgSslMode(value: string): value is PgSslMode {
  return (PG_SSL_MODES as readonly string[]).includes(value);
}

/**
 * The mode used when the caller does not choose one:
 * TLS off → `disable`, even with a CA: PostgreSQL charms blank `tls-ca` when they write
 * `tls: False`, so a CA next to it is left over from before and the server no longer offers TLS;
 * TLS on with a CA → `verify-full` (the provider's certificates name its service hosts);
 * TLS on without a CA → `prefer` (encrypted, nothing to verify against).
 * `tls` is the provider's flag, or whether it sent a CA when it sent no flag (ConnectionFacts.tls).
 */
export function defaultPgSslMode(tls: boolean, tlsCa: string | undefined): PgSslMode {
  if (!tls) return "disable";
  return usableCa(tlsCa) !== undefined ? "verify-full" : "prefer";
}

/** The value for `pg`'s `ssl` option in the given mode: `false` or node TLS options. */
export function pgSslOption(mode: PgSslMode, tlsCa: string | undefined): false | ConnectionOptions {
  const pem = usableCa(tlsCa);
  const ca = pem === undefined ? {} : { ca: pem };
  switch (mode) {
    case "disable":
    case "allow":
      return false;
    case "prefer":
    case "require":
      // libpq: with a root CA present, require behaves like verify-ca.
      return pem !== undefined ? { ...ca, rejectUnauthorized: true, checkServerIdentity: skipHostNameCheck } : { rejectUnauthorized: false };
    case "verify-ca":
      return { ...ca, rejectUnauthorized: true, checkServerIdentity: skipHostNameCheck };
    case "verify-full":
      return { ...ca, rejectUnauthorized: true };
  }
}

/** Accepts any certificate subject: the chain is still verified by `rejectUnauthorized`. */
function skipHostNameCheck(): undefined {
  return undefined;
}
