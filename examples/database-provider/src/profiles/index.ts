/** Every provider profile by name (the `profile` config option and `sim deploy --profile`). */
import { mongodb } from "./mongodb.js";
import { mongos } from "./mongos.js";
import { mysql80 } from "./mysql-8-0.js";
import { mysql84 } from "./mysql-8-4.js";
import { mysqlRouter } from "./mysql-router.js";
import { pgbouncer } from "./pgbouncer.js";
import { postgresql14 } from "./postgresql-14.js";
import { postgresql16 } from "./postgresql-16.js";
import type { ProviderProfile } from "./profile.js";

export type { AnswerContext, ProfileAnswer, ProfileOptions, ProviderProfile, TlsBehaviour } from "./profile.js";

/** The profiles, in the order docs/provider-profiles.md lists them. */
export const PROFILES: readonly ProviderProfile[] = [postgresql14, postgresql16, pgbouncer, mysql80, mysql84, mysqlRouter, mongodb, mongos];

/** The profile called `name`, or undefined. */
export function profileByName(name: string): ProviderProfile | undefined {
  return PROFILES.find((p) => p.name === name);
}
