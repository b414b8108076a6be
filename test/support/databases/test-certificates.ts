/**
 * Throw-away X.509 material for TLS tests, made with the `openssl` command: a CA, a server
 * certificate signed by it for one DNS name only (no IP address), and an unrelated second CA.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Paths and PEM texts of the generated material. */
export interface TestCertificates {
  /** The CA that signed the server certificate (PEM). */
  readonly caPem: string;
  /** A CA that signed nothing here (PEM), for "wrong CA" cases. */
  readonly otherCaPem: string;
  /** Server certificate file (PEM). */
  readonly certFile: string;
  /** Server private key file (PEM, mode 0600). */
  readonly keyFile: string;
  /** The only name the server certificate is valid for. */
  readonly dnsName: string;
}

function openssl(args: readonly string[]): void {
  execFileSync("openssl", args, { stdio: ["ignore", "ignore", "pipe"] });
}

function selfSignedCa(dir: string, name: string): { cert: string; key: string } {
  const cert = join(dir, `${name}.crt`);
  const key = join(dir, `${name}.key`);
  openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", `/CN=${name}`, "-keyout", key, "-out", cert]);
  return { cert, key };
}

/** Generates the material into `dir` (which must exist). */
export function makeTestCertificates(dir: string, dnsName = "db.example.test"): TestCertificates {
  const ca = selfSignedCa(dir, "test-ca");
  const other = selfSignedCa(dir, "other-ca");
  const keyFile = join(dir, "server.key");
  const csr = join(dir, "server.csr");
  const certFile = join(dir, "server.crt");
  const ext = join(dir, "server.ext");
  openssl(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj", `/CN=${dnsName}`, "-keyout", keyFile, "-out", csr]);
  writeFileSync(ext, `subjectAltName=DNS:${dnsName}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n`);
  openssl(["x509", "-req", "-in", csr, "-CA", ca.cert, "-CAkey", ca.key, "-CAcreateserial", "-days", "2", "-extfile", ext, "-out", certFile]);
  return { caPem: readFileSync(ca.cert, "utf8"), otherCaPem: readFileSync(other.cert, "utf8"), certFile, keyFile, dnsName };
}
