/**
 * The legacy `mysql` / `mysql-root` answer (docs/protocol.md#mysql-answer, docs/protocol.md#mysql-algorithm): the provider writes the credentials
 * into its UNIT databags only. Pure functions: decode one unit bag, decide completeness (docs/protocol.md#m-02),
 * and choose one bag consistently when units disagree (docs/protocol.md#m-03).
 */
import { parseConnectionFacts, type ConnectionFacts } from "../../engines/index.js";
import { MYSQL_DEFAULT_PORT, MysqlProviderUnitDatabag } from "../../interfaces/index.js";
import { contentDigest } from "../../requires/index.js";

/** A complete credential set from one provider unit. */
export interface MysqlLegacyCredentials {
  /** The provider unit whose databag this is. */
  readonly unit: string;
  /** `host` (the cluster primary's address). */
  readonly host: string;
  /** `port`, 3306 when absent. */
  readonly port: number;
  /** `user`. */
  readonly user: string;
  /** Secret. */
  readonly password: string;
  /** `database`. */
  readonly database: string;
  /** `root_password` — only on a `root: true` adapter; secret. */
  readonly rootPassword: string | undefined;
}

/** One remote unit databag, judged. */
export type UnitBagVerdict =
  | {
      /** The provider unit. */
      readonly unit: string;
      /** Host, user, password and database are all set. */
      readonly state: "complete";
      /** The usable credentials. */
      readonly credentials: MysqlLegacyCredentials;
    }
  | {
      /** The provider unit. */
      readonly unit: string;
      /** Some required keys are still empty. */
      readonly state: "incomplete";
      /** The keys still missing. */
      readonly missing: readonly string[];
    }
  | {
      /** The provider unit. */
      readonly unit: string;
      /** A value does not decode. */
      readonly state: "invalid";
      /** What is wrong, secret-free. */
      readonly problems: string;
    };

/** docs/protocol.md#m-02: decodes a unit bag; complete when host, user, password and database are non-empty. */
export function judgeUnitBag(unit: string, data: Readonly<Record<string, string>>, root: boolean): UnitBagVerdict {
  const decoded = MysqlProviderUnitDatabag.decode(data);
  if (!decoded.ok) return { unit, state: "invalid", problems: decoded.problems.map((p) => `${p.field}: ${p.problem}`).join("; ") };
  const bag = decoded.value;
  const missing = (["host", "user", "password", "database"] as const).filter((k) => bag[k] === undefined || bag[k] === "");
  if (missing.length > 0 || bag.host === undefined || bag.user === undefined || bag.password === undefined || bag.database === undefined) {
    return { unit, state: "incomplete", missing };
  }
  return {
    unit,
    state: "complete",
    credentials: Object.freeze({
      unit,
      host: bag.host,
      port: bag.port ?? MYSQL_DEFAULT_PORT,
      user: bag.user,
      password: bag.password,
      database: bag.database,
      rootPassword: root ? bag.rootPassword : undefined,
    }),
  };
}

/**
 * docs/protocol.md#m-03: which complete bag to use. The bag of the unit whose change triggered the hook wins
 * (it is the freshest: for `mysql-root` only the current leader maintains its copy, for `mysql`
 * it carries the newest primary host); otherwise the bag chosen before, while it stays
 * complete; otherwise the lowest-numbered complete unit. Every requirer unit sees the same
 * sequence of changes, so all of them settle on the same bag.
 */
export function chooseCredentials(
  verdicts: readonly UnitBagVerdict[],
  previous: string | undefined,
  trigger: string | undefined,
): MysqlLegacyCredentials | undefined {
  const complete = verdicts.flatMap((v) => (v.state === "complete" ? [v.credentials] : []));
  const byUnit = (unit: string | undefined): MysqlLegacyCredentials | undefined => complete.find((c) => c.unit === unit);
  return byUnit(trigger) ?? byUnit(previous) ?? [...complete].sort((a, b) => unitNumber(a.unit) - unitNumber(b.unit))[0];
}

function unitNumber(unit: string): number {
  const n = Number(unit.slice(unit.lastIndexOf("/") + 1));
  return Number.isInteger(n) ? n : Number.MAX_SAFE_INTEGER;
}

/** Digest of what a change event compares (docs/protocol.md#m-04): host, port, user, password, database (+ root password). */
export function credentialsDigest(c: MysqlLegacyCredentials): string {
  return contentDigest({
    host: c.host,
    port: String(c.port),
    user: c.user,
    password: c.password,
    database: c.database,
    ...(c.rootPassword === undefined ? {} : { root_password: c.rootPassword }),
  });
}

/** The credentials as engine facts (one read-write endpoint, no TLS: the legacy interface has none). */
export function credentialsFacts(c: MysqlLegacyCredentials): ConnectionFacts {
  return parseConnectionFacts({
    username: c.user,
    password: c.password,
    database: c.database,
    endpoints: [{ host: c.host, port: c.port }],
    readOnlyEndpoints: [],
    tls: false,
  });
}
