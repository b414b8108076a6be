/** The answer both PostgreSQL profiles give (postgresql-14.ts and postgresql-16.ts cite the code). */
import type { AnswerContext, ProfileAnswer } from "./profile.js";

/** Endpoints, version-less fields and a `postgresql://` URI without URL-encoding, as the charm formats it. */
export function postgresqlAnswer(ctx: AnswerContext, user: string, password: string): ProfileAnswer {
  const primary = `${ctx.server.host}:${ctx.server.port}`;
  const uri = `postgresql://${user}:${password}@${primary}/${ctx.database}`;
  return {
    // No replicas here: read-only-endpoints falls back to the primary.
    fields: { database: ctx.database, endpoints: primary, "read-only-endpoints": primary },
    credentials: { username: user, password, uris: uri, ...(wantsReadOnlyUris(ctx) ? { "read-only-uris": uri } : {}) },
  };
}

/** Whether the requirer listed `read-only-uris` in `requested-secrets`. */
export function wantsReadOnlyUris(ctx: AnswerContext): boolean {
  return (ctx.request["requested-secrets"] ?? "").includes('"read-only-uris"');
}
