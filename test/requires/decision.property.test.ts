import fc from "fast-check";
import { decideV0 } from "../../lib/requires/event-decision.js";
import { DEFAULT_REQUESTED_SECRETS } from "../../lib/interfaces/index.js";

const secretKeys = new Set<string>(DEFAULT_REQUESTED_SECRETS);
const KEYS = ["secret-user", "secret-tls", "endpoints", "read-only-endpoints", "prefix-databases", "database", "version", "username", "password", "tls", "tls-ca", "uris", "extra-key"];
const bagArb = fc.dictionary(fc.constantFrom(...KEYS), fc.string({ minLength: 6, maxLength: 20 }).filter((s) => s.trim() !== ""), { maxKeys: KEYS.length });

function decide(previous: Record<string, string> | undefined, remoteApp: Record<string, string>) {
  return decideV0({ relation: "database:0", previous, remoteApp, remoteAppName: "pg", remoteUnits: {}, entityRequested: false, mode: "every", secretKeys });
}

describe("event decision properties", () => {
  test("E-04 replaying the same provider data after storing the snapshot never emits anything", () => {
    fc.assert(
      fc.property(bagArb, (bag) => {
        const first = decide(undefined, bag);
        expect(decide(first.nextSnapshot, bag).events).toEqual([]);
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
        const snap = decide(undefined, a).nextSnapshot;
        const d = decideV0({ relation: "database:0", previous: snap, remoteApp: b, remoteAppName: "pg", remoteUnits: {}, entityRequested: false, mode: "compatible", secretKeys });
        const family = d.events.filter((e) => ["databaseCreated", "databaseEntityCreated", "endpointsChanged", "readOnlyEndpointsChanged", "prefixDatabasesChanged"].includes(e.kind));
        expect(family.length).toBeLessThanOrEqual(1);
      }),
    );
  });
});
