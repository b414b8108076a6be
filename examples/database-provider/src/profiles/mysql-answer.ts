/** The answer both MySQL server profiles give (mysql-8-0.ts and mysql-8-4.ts cite the code). */
import type { AnswerContext, ProfileAnswer } from "./profile.js";

/**
 * `database`, `endpoints` and the credentials; no `uris` (the MySQL charm never sets them) and no
 * `read-only-endpoints` on a one-unit cluster (`get_cluster_endpoints` lists secondaries only, and
 * an empty value deletes the key).
 */
export function mysqlAnswer(ctx: AnswerContext, user: string, password: string): ProfileAnswer {
  return {
    fields: { database: ctx.database, endpoints: `${ctx.server.host}:${ctx.server.port}` },
    credentials: { username: user, password },
  };
}
