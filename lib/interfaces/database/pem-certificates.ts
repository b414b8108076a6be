/**
 * `tls-ca`: one or more PEM `CERTIFICATE` blocks, each a DER X.509 certificate that node's own
 * parser (`node:crypto` `X509Certificate`, i.e. OpenSSL) reads. A value that is not (`hello`, a
 * PEM wrapper around garbage, a private key) is refused when the answer is decoded, so the
 * relation is held with a typed problem instead of failing later inside the driver.
 *
 * Text outside the blocks (the `subject=` / `# Issuer:` lines of some bundles) is ignored, as
 * RFC 7468 §2 asks of parsers; a whitespace-only value means "no CA", as an empty one does.
 * Problems never quote the value.
 */
import type { X509Certificate } from "node:crypto";
import { crypto } from "../../ops/lazy-builtins.js";

const BEGIN = /-----BEGIN ([A-Z0-9 ]*)-----/g;

/** The PEM blocks of a CA chain, or what is wrong with it (without quoting it). */
export type PemChainParse =
  | {
      /** Every block is a certificate node can parse. */
      readonly ok: true;
      /** The certificates, in order. */
      readonly certificates: readonly X509Certificate[];
    }
  | {
      /** The chain is unusable. */
      readonly ok: false;
      /** What is wrong, naming the block position; never the content. */
      readonly problem: string;
    };

/** Parses a PEM CA chain into certificates. */
export function parsePemCertificates(text: string): PemChainParse {
  const certificates: X509Certificate[] = [];
  BEGIN.lastIndex = 0;
  for (let match = BEGIN.exec(text), n = 1; match !== null; match = BEGIN.exec(text), n++) {
    const label = match[1] ?? "";
    if (label !== "CERTIFICATE") return { ok: false, problem: `block ${n} is a "${label}" PEM block; expected only CERTIFICATE blocks` };
    const endMarker = "-----END CERTIFICATE-----";
    const end = text.indexOf(endMarker, BEGIN.lastIndex);
    const nextBegin = text.indexOf("-----BEGIN ", BEGIN.lastIndex);
    if (end < 0 || (nextBegin >= 0 && nextBegin < end)) return { ok: false, problem: `certificate ${n} has no "${endMarker}" line` };
    const block = text.slice(match.index, end + endMarker.length);
    try {
      certificates.push(new (crypto().X509Certificate)(block));
    } catch {
      return { ok: false, problem: `certificate ${n} is not a valid X.509 certificate` };
    }
    BEGIN.lastIndex = end + endMarker.length;
  }
  if (certificates.length === 0) return { ok: false, problem: "expected one or more PEM certificates (-----BEGIN CERTIFICATE-----), found none" };
  return { ok: true, certificates };
}

/** Whether a value means "no CA": empty or whitespace only (providers blank the CA when TLS goes off). */
export function isBlankPem(text: string): boolean {
  return text.trim() === "";
}
