// The requirer charm the reliability suites run: DatabaseRequires on endpoint "database",
// responses validated by the postgresql_client interface model (so endpoints, tls, ... are
// checked the way an engine checks them), every event and the library's problems recorded.
import { CharmBase } from "../../lib/ops/index.js";
import { PostgreSQLResolvedProviderView } from "../../lib/interfaces/postgresql_client/v0/provider.js";
import { DatabaseRequires, decodeResponse, REQUIRES_EVENT_NAMES, type DatabaseResponse, type RequiresEventName } from "../../lib/requires/index.js";

/** Validates with the interface model, then decodes into the engine's response. */
export function validatingDecoder(view: Readonly<Record<string, string>>, relation: string): DatabaseResponse {
  PostgreSQLResolvedProviderView.decodeOrThrow(view, relation);
  return decodeResponse(view, relation);
}

/** One event the charm saw. */
export interface SeenEvent {
  readonly unit: string;
  readonly name: RequiresEventName;
  readonly relationId: number;
  readonly password: string | undefined;
  /** The response's endpoints, comma-joined. */
  readonly endpoints: string | undefined;
  readonly deferred: boolean;
}

/** What the charm observed during one hook. */
export interface HookObservation {
  events: SeenEvent[];
  problems: { relation: string; field: string; message: string; name: string }[];
  suggested: { name: string; message: string } | undefined;
  /** The password `responses()` gives for the first relation (recorded on update-status). */
  responsePassword: string | undefined;
}

/** Knobs of the charm's behaviour, set by a test before a hook. */
export interface CharmBehaviour {
  /** Defer the first databaseCreated this unit sees. */
  deferFirstCreated: boolean;
  /** Throw in the databaseCreated handler (the hook fails and is re-run). */
  failCreated: boolean;
}

/** Shared recorder: the in-process charm writes here, tests read it. */
export const observed: HookObservation = { events: [], problems: [], suggested: undefined, responsePassword: undefined };
/** Per-unit behaviour (by unit name). */
export const behaviour = new Map<string, CharmBehaviour>();

const EVENTS = REQUIRES_EVENT_NAMES;

/** Resets the recorder before a hook. */
export function resetObservation(): void {
  observed.events = [];
  observed.problems = [];
  observed.suggested = undefined;
  observed.responsePassword = undefined;
}

export class RequirerCharm extends CharmBase {
  readonly db = new DatabaseRequires(this, { relationName: "database", database: "myappdb", decodeResponse: validatingDecoder });

  protected override setup(): void {
    const unit = this.model.unit.name;
    const knobs = behaviour.get(unit) ?? { deferFirstCreated: false, failCreated: false };
    for (const name of EVENTS) {
      this.db.on(name, (e) => {
        const password = "response" in e ? e.response.password : undefined;
        const endpoints = "response" in e ? e.response.endpoints?.join(",") : undefined;
        if (name === "databaseCreated" && knobs.failCreated) {
          knobs.failCreated = false;
          throw new Error("the workload refused the new credentials (simulated failure)");
        }
        const defer = name === "databaseCreated" && knobs.deferFirstCreated;
        if (defer) {
          knobs.deferFirstCreated = false;
          e.defer();
        }
        observed.events.push({ unit, name, relationId: e.relationId, password, endpoints, deferred: defer });
      });
    }
    // After the library's handlers: what a charm would look at to set its status.
    this.on("database-relation-changed", () => this.observeProblems());
    this.on("secret-changed", () => this.observeProblems());
    this.on("update-status", () => {
      this.observeProblems();
      observed.responsePassword = [...this.db.responses().values()][0]?.password;
    });
  }

  private observeProblems(): void {
    observed.problems = this.db.problems().map((p) => ({ relation: p.relation, field: p.field, message: p.message, name: p.name }));
    const st = this.db.suggestedStatus();
    observed.suggested = { name: st.name, message: st.message };
  }
}

/** metadata.yaml of the requirer charm. */
export const REQUIRER_METADATA = { name: "myapp", requires: { database: { interface: "postgresql_client", limit: 1 } } };
