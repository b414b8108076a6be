/**
 * The provider's CA chain (`tls-ca`): whether one was sent, and writing it to a file for drivers
 * and tools that take a path (MongoDB's `tlsCAFile`, libpq's `sslrootcert`, mysqlsh's `ssl-ca`).
 */
import { chmodSync, renameSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { isBlankPem } from "../interfaces/database/pem-certificates.js";

/**
 * Writes `pem` to `path` with mode 0600, replacing any previous file atomically (write to a
 * sibling temporary file, then rename) so a reader never sees half a certificate.
 * Returns `path`.
 */
export function writeTlsCaFile(path: string, pem: string): string {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  writeFileSync(temporary, pem.endsWith("\n") ? pem : `${pem}\n`, { mode: 0o600 });
  // The mode passed to writeFileSync is filtered by the umask; make it exact.
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
  return path;
}

/** The CA PEM when the provider sent one, else undefined (a blank `tls-ca` means "no CA": lib/interfaces' `isBlankPem`). */
export function usableCa(tlsCa: string | undefined): string | undefined {
  return tlsCa === undefined || isBlankPem(tlsCa) ? undefined : tlsCa;
}
