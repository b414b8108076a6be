import fc from "fast-check";
import { decideV0 } from "../../lib/requires/decision.js";
import { DEFAULT_REQUESTED_SECRETS } from "../../lib/interfaces/index.js";
import { EngineMemory, VolatileMemoryStore } from "../../lib/requires/memory.js";

const memory = new EngineMemory(new VolatileMemoryStore(), () => undefined);
const digest = (k: string, v: string) => memory.digest(k, v);

const secretKeys = new Set<string>(DEFAULT_REQUESTED_SECRETS);
const KEYS = ["secret-user", "secret-tls", "endpoints", "read-only-endpoints", "prefix-databases", "database", "version", "username", "password", "tls", "tls-ca", "uris", "extra-key"];
const bagArb = fc.dictionary(fc.constantFrom(...KEYS), fc.string({ minLength: 6, maxLength: 20 }).filter((s) => s.trim() !== ""), { maxKeys: KEYS.length });

function decide(previous: Record<string, string> | undefined, remoteApp: Record<string, string>, created = false) {
  return decideV0({ relation: "database:0", previous, remoteApp, remoteAppName: "pg", remoteUnits: {}, entityRequested: false, mode: "every", secretKeys, digest, created });
}

describe("event decision properties", () => {
  test("E-04 replaying the same provider data after storing the snapshot never emits anything", () => {
    fc.assert(
      fc.property(bagArb, (bag) => {
        const first = decide(undefined, bag);
        expect(decide(first.nextSnapshot, bag, first.created).events).toEqual([]);
      }),
    );
  });

  test("G-09 no secret-bearing value is ever stored in clear", () => {
    fc.assert(
      fc.property(bagArb, (bag) => {
        const snap = decide(undefined, bag).nextSnapshot;
        for (const k of Object.keys(bag)) {
          if (secretKeys.has(k)) expect(snap[k]).not.toBe(bag[k]);
        }
      }),
    );
  });

  test("E-10 compatible mode emits at most one data event of the reference family per hook", () => {
    fc.assert(
      fc.property(bagArb, bagArb, (a, b) => {
        const first = decide(undefined, a);
        const d = decideV0({ relation: "database:0", previous: first.nextSnapshot, remoteApp: b, remoteAppName: "pg", remoteUnits: {}, entityRequested: false, mode: "compatible", secretKeys, digest, created: first.created });
        const family = d.events.filter((e) => ["databaseCreated", "databaseEntityCreated", "endpointsChanged", "readOnlyEndpointsChanged", "prefixDatabasesChanged"].includes(e.kind));
        expect(family.length).toBeLessThanOrEqual(1);
      }),
    );
  });

  test("databaseCreated at most once over any sequence of views", () => {
    fc.assert(
      fc.property(fc.array(bagArb, { minLength: 1, maxLength: 6 }), (bags) => {
        let prev: Record<string, string> | undefined;
        let created = false;
        let count = 0;
        for (const bag of bags) {
          const d = decide(prev, bag, created);
          count += d.events.filter((e) => e.kind === "databaseCreated").length;
          prev = { ...d.nextSnapshot };
          created = d.created;
        }
        expect(count).toBeLessThanOrEqual(1);
      }),
    );
  });
});
