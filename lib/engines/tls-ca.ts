/**
 * The provider's CA chain (`tls-ca`): whether one was sent, and writing it to a file for drivers
 * and tools that take a path (MongoDB's `tlsCAFile`, libpq's `sslrootcert`, mysqlsh's `ssl-ca`).
 */
import { fs, path } from "../ops/builtins.js";
import { isBlankPem } from "../interfaces/database/pem-certificates.js";

/**
 * Writes `pem` to `file` with mode 0600, replacing any previous file atomically (write to a
 * sibling temporary file, then rename) so a reader never sees half a certificate.
 * Returns `file`.
 */
export function writeTlsCaFile(file: string, pem: string): string {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(temporary, pem.endsWith("\n") ? pem : `${pem}\n`, { mode: 0o600 });
  // The mode passed to writeFileSync is filtered by the umask; make it exact.
  fs.chmodSync(temporary, 0o600);
  fs.renameSync(temporary, file);
  return file;
}

/** The CA PEM when the provider sent one, else undefined (a blank `tls-ca` means "no CA": lib/interfaces' `isBlankPem`). */
export function usableCa(tlsCa: string | undefined): string | undefined {
  return tlsCa === undefined || isBlankPem(tlsCa) ? undefined : tlsCa;
}
