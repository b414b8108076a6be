/**
 * Issue 17's target on `responses()`, `suggestedStatus()` and `problems()`: O(1) hook-tool calls
 * per hook however many relations, each relation read once per hook and shared. Counted, not
 * timed: `update-status` of a PostgreSQL requirer with n answered relations, all recorded by
 * their relation-created hooks (as on a unit that has run them), its handler calling the three
 * methods twice. Runs in-process on the test stand (lib/ops's dispatch over the fake Juju), so
 * the calls are those a unit makes. The first round is what reading the relations costs; the
 * second must cost nothing.
 */
import { CharmBase } from "../lib/ops/index.js";
import { PostgreSQLRequires } from "../lib/engines/postgresql/postgresql-requires.js";
import { Context, relation, secret, state, type ToolCallRecord } from "../lib/testing/index.js";

/** The relation counts measured. */
export const RELATION_COUNTS = [1, 10, 100] as const;

/** What one count of relations cost. */
export interface RelationReads {
  readonly relations: number;
  /** Hook-tool calls of the first round of the three methods, by tool. */
  readonly first: readonly string[];
  /** Hook-tool calls of the second round (0 when the reads are shared). */
  readonly repeated: number;
}

const MARK = "relation-reads mark";

class ReadingCharm extends CharmBase {
  readonly db = new PostgreSQLRequires(this, { relationName: "database", database: "benchdb" });
  protected override setup(): void {
    this.on("update-status", () => {
      const mark = (label: string): void => this.model.backend.jujuLog("DEBUG", `${MARK} ${label}`);
      mark("start");
      for (const round of ["first", "repeated"]) {
        this.db.responses();
        this.db.suggestedStatus();
        this.db.problems();
        mark(round);
      }
    });
  }
}

/** The calls between the `from` mark and the `to` mark. */
function between(calls: readonly ToolCallRecord[], from: string, to: string): string[] {
  const at = (label: string): number => calls.findIndex((c) => c.cmd === "juju-log" && c.argv.some((a) => a === `${MARK} ${label}`));
  return calls.slice(at(from) + 1, at(to)).map((c) => c.cmd);
}

/** Counts the calls for each of `counts` relations. */
export async function measureRelationReads(counts: readonly number[] = RELATION_COUNTS): Promise<RelationReads[]> {
  const metadata = { name: "bench-app", requires: { database: { interface: "postgresql_client" } } };
  const out: RelationReads[] = [];
  for (const n of counts) {
    const users = Array.from({ length: n }, (_, i) => secret({ trackedContent: { username: `relation_id_${i + 1}`, password: `bench-${i + 1}-Qw7pZ2xN` } }));
    const rels = users.map((user, i) =>
      relation({ id: i + 1, endpoint: "database", remoteApp: `postgresql${i + 1}`, remoteAppData: { "secret-user": user.id, endpoints: "pg:5432", database: "benchdb" } }),
    );
    const c = new Context(ReadingCharm, { metadata });
    let st = await c.run(c.on.install(), state({ secrets: users }));
    for (const [i, rel] of rels.entries()) st = await c.run(c.on.relationCreated(rel), { ...st, relations: rels.slice(0, i + 1) });
    await c.run(c.on.updateStatus(), st);
    if (c.error !== undefined) throw new Error(`update-status with ${n} relations failed: ${String(c.error)}`);
    out.push({ relations: n, first: between(c.toolCalls, "start", "first"), repeated: between(c.toolCalls, "first", "repeated").length });
  }
  return out;
}
