/**
 * What a database provider answers in the rehearsal of a start-up snapshot
 * (lib/ops/charm/rehearsal.ts): a v0 answer as data_interfaces writes it, the credentials in a
 * `secret-user` secret where Juju has secrets and in the databag below Juju 3.0.3; later the
 * endpoints move and the password is rotated. The values are made up: 192.0.2.0/24 is a
 * documentation network (RFC 5737) and the password is no secret.
 */
import type { RehearsalAnswer } from "../../ops/index.js";
import { secretUriKey } from "./secret-groups.js";

type Bag = Readonly<Record<string, string>>;

/** What differs between the database interfaces. */
export interface DatabaseRehearsalOptions {
  /** The database the rehearsal's requirer asked for (the answer names it back). */
  readonly database: string;
  readonly port: number;
  readonly version: string;
  /** Whether Juju secrets carry the credentials (Juju 3.0.3 and later). */
  readonly secretsAvailable: boolean;
  /** Whether the user group carries a MongoDB connection string in `uris` (mongodb_client, mongos_client). */
  readonly mongoUris?: boolean;
}

const USER_SECRET = "secret:rehearsal0user0secret";

/** The answer of a database provider in the rehearsal of a start-up snapshot. */
export function databaseRehearsalAnswer(options: DatabaseRehearsalOptions): RehearsalAnswer {
  const at = (host: string): string => `${host}:${String(options.port)}`;
  const user = (host: string, password: string): Bag => ({
    username: "rehearsal-user",
    password,
    ...(options.mongoUris === true ? { uris: `mongodb://rehearsal-user:${password}@${at(host)}/${options.database}?authSource=admin` } : {}),
  });
  const first = user("192.0.2.10", "rehearsal-password-1");
  const rotated = user("192.0.2.20", "rehearsal-password-2");
  const common = { database: options.database, endpoints: at("192.0.2.10"), "read-only-endpoints": at("192.0.2.11"), version: options.version };
  if (!options.secretsAvailable) {
    return { bag: { ...common, ...first }, secrets: {}, later: { bag: { endpoints: at("192.0.2.20"), ...rotated }, secrets: {} } };
  }
  return {
    bag: { ...common, [secretUriKey("user")]: USER_SECRET },
    secrets: { [USER_SECRET]: first },
    later: { bag: { endpoints: at("192.0.2.20") }, secrets: { [USER_SECRET]: rotated } },
  };
}
