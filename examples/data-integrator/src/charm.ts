/**
 * data-integrator: obtains credentials from a database charm for an application that is not
 * charmed, and hands them out through the `get-credentials` action.
 *
 * One `DatabaseRequires` per database endpoint, all built from the current config in every hook.
 * The library writes the request when the config makes it possible (at relation-created or at
 * the next config-changed) and never changes an immutable key on a live relation: it reports
 * a conflict, which this charm turns into a Blocked status.
 */
import { CharmBase } from "charm-data-interfaces/ops";
import { DatabaseRequires, type RelationConflicts } from "charm-data-interfaces";
import { credentialsAnswer, type EndpointCredentials } from "./credentials.js";
import { readIntegratorConfig } from "./integrator-config.js";
import { integratorStatus, type EndpointSummary } from "./integrator-status.js";

/** The database endpoints of metadata.yaml (`mongos` is a `provides` endpoint: the router is a subordinate). */
export const DATABASE_ENDPOINTS = ["postgresql", "mysql", "mongodb", "mongos"] as const;
/** One of {@link DATABASE_ENDPOINTS}. */
export type DatabaseEndpoint = (typeof DATABASE_ENDPOINTS)[number];

/** Hooks after which the leader's request was reconciled (the library does it in these). */
const RECONCILING_HOOKS = ["config-changed", "leader-elected", "upgrade-charm"] as const;

/** The data-integrator charm. */
export class DataIntegratorCharm extends CharmBase {
  private readonly settings = readIntegratorConfig(this.config, this.model.jujuVersion.hasSecrets);
  private readonly databases = new Map<DatabaseEndpoint, DatabaseRequires>(
    DATABASE_ENDPOINTS.map((endpoint) => [
      endpoint,
      new DatabaseRequires(this, { relationName: endpoint, externalNodeConnectivity: true, ...(this.settings.valid ? this.settings.request : {}) }),
    ]),
  );
  /** Request keys that conflict with a live relation, by endpoint, as of the leader's last reconciliation. */
  private readonly conflicts = this.storedState<{ byEndpoint: Record<string, string[]> }>("request-conflicts", { byEndpoint: {} });

  protected override setup(): void {
    for (const [endpoint, db] of this.databases) {
      db.on("databaseCreated", (e) => this.log.info(`${endpoint}: ${e.remoteApp ?? "the provider"} created database ${e.response.database ?? "?"}`));
      db.on("databaseEntityCreated", (e) => this.log.info(`${endpoint}: ${e.remoteApp ?? "the provider"} created the requested entity`));
      db.on("credentialsRotated", () => this.log.info(`${endpoint}: credentials rotated; run get-credentials again`));
      db.on("endpointsChanged", (e) => this.log.info(`${endpoint}: endpoints are now ${e.response.endpoints.join(",")}`));
      db.on("databaseRemoved", () => this.forgetConflicts(endpoint));
      this.on(`${endpoint}-relation-created`, () => this.recordConflicts([endpoint]));
      for (const event of ["created", "changed", "departed", "broken"] as const) this.on(`${endpoint}-relation-${event}`, () => this.updateStatus());
    }
    for (const hook of RECONCILING_HOOKS) {
      this.on(hook, () => {
        this.recordConflicts(DATABASE_ENDPOINTS);
        this.updateStatus();
      });
    }
    for (const hook of ["install", "start", "update-status", "secret-changed"] as const) this.on(hook, () => this.updateStatus());
    this.on("action:get-credentials", (event) => {
      const answer = credentialsAnswer(this.settings.databaseName !== undefined, this.endpointCredentials());
      if (answer.skipped.length > 0) this.log.warning(`get-credentials: left out keys Juju cannot return: ${answer.skipped.join(", ")}`);
      event.setResults(answer.results);
      if (!answer.ok) event.fail(answer.message);
    });
  }

  /** The resolved provider view of every live database relation. */
  private endpointCredentials(): EndpointCredentials[] {
    const out: EndpointCredentials[] = [];
    for (const [endpoint, db] of this.databases) {
      for (const [id, view] of db.fetchRelationData()) out.push({ endpoint, view, created: db.isResourceCreated(id) });
    }
    return out;
  }

  private summaries(): EndpointSummary[] {
    const stored = this.conflicts.get().byEndpoint;
    const out: EndpointSummary[] = [];
    for (const [endpoint, db] of this.databases) {
      for (const [id, view] of db.fetchRelationData()) {
        const published = view["database"];
        out.push({
          endpoint,
          remoteApp: this.model.getRelation(endpoint, id)?.remoteApp,
          created: db.isResourceCreated(id),
          publishedDatabase: published === undefined || published === "" ? undefined : published,
          conflictingKeys: stored[endpoint] ?? [],
        });
      }
    }
    return out;
  }

  private updateStatus(): void {
    const problem = this.settings.valid ? undefined : this.settings.problem;
    this.unit.setStatus(integratorStatus({ configProblem: problem, databaseName: this.settings.databaseName, endpoints: this.summaries() }));
  }

  /**
   * Keeps the leader's latest conflicts (keys only) of the endpoints the library reconciled in
   * this hook, so later hooks show the same Blocked status.
   */
  private recordConflicts(reconciled: readonly DatabaseEndpoint[]): void {
    if (!this.unit.isLeader()) return;
    const byEndpoint: Record<string, string[]> = { ...this.conflicts.get().byEndpoint };
    for (const endpoint of reconciled) {
      const keys = this.databases.get(endpoint)?.conflicts().flatMap((c: RelationConflicts) => c.conflicts.map((k) => k.key)) ?? [];
      if (keys.length > 0) byEndpoint[endpoint] = [...new Set(keys)];
      else delete byEndpoint[endpoint];
    }
    this.conflicts.set({ byEndpoint });
  }

  private forgetConflicts(endpoint: DatabaseEndpoint): void {
    const { [endpoint]: _gone, ...rest } = this.conflicts.get().byEndpoint;
    this.conflicts.set({ byEndpoint: rest });
  }
}
