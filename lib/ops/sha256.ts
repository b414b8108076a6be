/**
 * SHA-256 (FIPS 180-4) and HMAC-SHA-256 (RFC 2104) in plain JavaScript, for the library's own
 * digests: the charm metadata check, keyed digests of secret-bearing values, request salts.
 *
 * Why not `node:crypto`: a built-in the bundle loads is in the start-up snapshot, and Node's
 * crypto (twenty internal modules and their native classes) made every hook's restore 1-2 ms
 * slower (1.9 ms over 600 restores of the bench charm), whether or not the hook hashed
 * anything; loaded at first use instead, it would cost a hook that hashes about 8 ms, since a
 * hook from the snapshot compiles built-ins from source
 * (docs/startup-snapshot.md#built-ins-a-hook-loads). The library hashes a few short strings a
 * hook. Tests check both functions against OpenSSL's (test/ops/sha256.test.ts).
 */

// The round constants and initial hash: the first 32 bits of the fractional parts of the cube
// roots of the first 64 primes, and of the square roots of the first 8 (FIPS 180-4, 4.2.2 and
// 5.3.3). Computed, not listed; the tests compare digests with OpenSSL's.
const K: number[] = [];
const H0: number[] = [];
for (let n = 2; K.length < 64; n++) {
  let prime = true;
  for (let d = 2; d * d <= n; d++) if (n % d === 0) prime = false;
  if (!prime) continue;
  if (H0.length < 8) H0.push(((Math.sqrt(n) % 1) * 2 ** 32) >>> 0);
  K.push(((Math.cbrt(n) % 1) * 2 ** 32) >>> 0);
}

// Rotations are written out: a hook runs this in V8's interpreter, where a call costs more than
// the arithmetic (1,000 HMACs of a short value, interpreter only: 0.18 ms each with a rotation
// function and four blocks an HMAC, 0.06 ms written out with the key's two blocks done once).
const W = new Int32Array(64);

/**
 * Runs the compression function over `bytes` (whole 64-byte blocks) into the state `h`. No
 * calls, destructuring or closures in it: each costs the interpreter more than the arithmetic.
 */
function compress(h: Int32Array, bytes: Uint8Array): void {
  for (let at = 0; at < bytes.length; at += 64) {
    for (let t = 0, i = at; t < 16; t++, i += 4) W[t] = ((bytes[i] as number) << 24) | ((bytes[i + 1] as number) << 16) | ((bytes[i + 2] as number) << 8) | (bytes[i + 3] as number);
    for (let t = 16; t < 64; t++) {
      const x = W[t - 15] as number;
      const y = W[t - 2] as number;
      W[t] = (W[t - 16] as number) + (((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3)) + (W[t - 7] as number) + (((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10));
    }
    // The working variables a-h of FIPS 180-4, 6.2.2 (h is `k` here: `h` is the state).
    let a = h[0] as number;
    let b = h[1] as number;
    let c = h[2] as number;
    let d = h[3] as number;
    let e = h[4] as number;
    let f = h[5] as number;
    let g = h[6] as number;
    let k = h[7] as number;
    for (let t = 0; t < 64; t++) {
      const t1 = k + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) + ((e & f) ^ (~e & g)) + (K[t] as number) + (W[t] as number);
      k = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      // T2 of the old a, b and c, which b, c and d now hold.
      a = (t1 + (((b >>> 2) | (b << 30)) ^ ((b >>> 13) | (b << 19)) ^ ((b >>> 22) | (b << 10))) + ((b & c) ^ (b & d) ^ (c & d))) | 0;
    }
    h[0]! += a;
    h[1]! += b;
    h[2]! += c;
    h[3]! += d;
    h[4]! += e;
    h[5]! += f;
    h[6]! += g;
    h[7]! += k;
  }
}

/** The digest of `message` from the state `h` after `before` bytes already compressed (a multiple of 64). */
function finish(h: Int32Array, message: Uint8Array, before = 0): Buffer {
  const length = message.length;
  // The message, a 1 bit, zeros, and the whole length in bits as 64 bits, in 64-byte blocks.
  const padded = Buffer.alloc((((length + 8) >> 6) + 1) * 64);
  padded.set(message);
  padded[length] = 0x80;
  padded.writeBigUInt64BE(BigInt((before + length) * 8), padded.length - 8);
  compress(h, padded);
  const out = Buffer.alloc(32);
  h.forEach((v, i) => out.writeInt32BE(v, 4 * i));
  return out;
}

const utf8 = (data: Uint8Array | string): Uint8Array => (typeof data === "string" ? Buffer.from(data, "utf8") : data);

/** The SHA-256 digest of `data` (a string is hashed as UTF-8). */
export function sha256(data: Uint8Array | string): Buffer {
  return finish(Int32Array.from(H0), utf8(data));
}

/**
 * HMAC-SHA-256 under `key`: a function of the data (UTF-8 when a string). The padded key's two
 * blocks are compressed once, so each digest of a short value costs two blocks, not four.
 */
export function hmacSha256(key: Uint8Array): (data: Uint8Array | string) => Buffer {
  const block = Buffer.alloc(64);
  block.set(key.length > 64 ? sha256(key) : key);
  const keyed = (byte: number): Int32Array => {
    const h = Int32Array.from(H0);
    // A Buffer's map gives a Buffer (typed arrays map into their own species).
    compress(h, block.map((x) => x ^ byte) as Buffer);
    return h;
  };
  const inner = keyed(0x36);
  const outer = keyed(0x5c);
  return (data) => finish(outer.slice(), finish(inner.slice(), utf8(data), 64), 64);
}
