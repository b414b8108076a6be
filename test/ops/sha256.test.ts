// lib/ops/sha256.ts: the library's own SHA-256 and HMAC-SHA-256 (so that no hook loads
// node:crypto), checked against OpenSSL's through node:crypto: every length across the block
// boundaries the padding cares about, keys shorter and longer than a block, UTF-8 text.
import { createHash, createHmac, randomBytes } from "node:crypto";
import { hmacSha256, sha256 } from "../../lib/ops/sha256.js";

const openSslHash = (data: Uint8Array | string) => createHash("sha256").update(data).digest("hex");
const openSslHmac = (key: Uint8Array, data: Uint8Array | string) => createHmac("sha256", key).update(data).digest("hex");

describe("sha256", () => {
  test("the FIPS 180-4 examples", () => {
    expect(sha256("abc").toString("hex")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256("").toString("hex")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq").toString("hex")).toBe("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  });

  test("equals OpenSSL's for every length from 0 to 300 bytes, bytes and text alike", () => {
    for (let length = 0; length <= 300; length++) {
      const bytes = randomBytes(length);
      expect(sha256(bytes).toString("hex")).toBe(openSslHash(bytes));
      const text = "é✓𝄞x".repeat(length).slice(0, length);
      expect(sha256(text).toString("hex")).toBe(openSslHash(text));
    }
  });

  test("a megabyte, and a Buffer that is a view into a larger one", () => {
    const big = randomBytes(1 << 20);
    expect(sha256(big).toString("hex")).toBe(openSslHash(big));
    const view = big.subarray(1000, 1200);
    expect(sha256(view).toString("hex")).toBe(openSslHash(view));
  });
});

describe("hmacSha256", () => {
  test("the RFC 4231 test cases 1, 2 and 6 (a key longer than a block)", () => {
    expect(hmacSha256(Buffer.alloc(20, 0x0b))("Hi There").toString("hex")).toBe("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    expect(hmacSha256(Buffer.from("Jefe"))("what do ya want for nothing?").toString("hex")).toBe("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    expect(hmacSha256(Buffer.alloc(131, 0xaa))("Test Using Larger Than Block-Size Key - Hash Key First").toString("hex")).toBe("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  });

  test("equals OpenSSL's for keys of 0 to 130 bytes and messages across the block boundaries; one keyed function serves many messages", () => {
    for (let keyLength = 0; keyLength <= 130; keyLength += 13) {
      const key = randomBytes(keyLength);
      const mac = hmacSha256(key);
      for (const length of [0, 1, 55, 56, 63, 64, 65, 119, 120, 200]) {
        const message = randomBytes(length);
        expect(mac(message).toString("hex")).toBe(openSslHmac(key, message));
        expect(mac(`field\n${message.toString("base64")}`).toString("hex")).toBe(openSslHmac(key, `field\n${message.toString("base64")}`));
      }
    }
  });
});
