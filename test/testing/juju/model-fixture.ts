import {
  addApplication,
  addRelation,
  addUnit,
  emptyModel,
  enterScope,
  markJoined,
  type CharmSpec,
  type ModelState,
} from "../../../lib/testing/index.js";

/** webapp (2 units, leader webapp/0) related to postgresql (2 units) on database:0, peers on cluster:1. */
export const WEBAPP_CHARM: CharmSpec = {
  name: "webapp",
  endpoints: {
    database: { role: "requires", interface: "postgresql_client", limit: 1 },
    cluster: { role: "peers", interface: "webapp_peers" },
    website: { role: "provides", interface: "http" },
  },
  config: {
    port: { type: "int", default: 8080 },
    name: { type: "string" },
    debug: { type: "boolean", default: false },
  },
  actions: { backup: { params: { target: { type: "string" } } } },
};

export const POSTGRESQL_CHARM: CharmSpec = {
  name: "postgresql",
  endpoints: { database: { role: "provides", interface: "postgresql_client" } },
  config: {},
  actions: {},
};

export function webappModel(jujuVersion = "3.6.14"): ModelState {
  const model = emptyModel({ jujuVersion });
  addApplication(model, "webapp", WEBAPP_CHARM);
  addApplication(model, "postgresql", POSTGRESQL_CHARM);
  for (const u of ["webapp/0", "webapp/1", "postgresql/0", "postgresql/1"]) addUnit(model, u);
  const db = addRelation(model, [
    { app: "webapp", endpoint: "database" },
    { app: "postgresql", endpoint: "database" },
  ]);
  for (const u of ["webapp/0", "webapp/1", "postgresql/0", "postgresql/1"]) enterScope(model, db, u);
  for (const w of ["webapp/0", "webapp/1"]) for (const p of ["postgresql/0", "postgresql/1"]) {
    markJoined(db, w, p);
    markJoined(db, p, w);
  }
  db.appData.postgresql = { endpoints: "10.0.0.5:5432" };
  db.unitData["postgresql/0"] = { ...db.unitData["postgresql/0"], role: "primary" };
  const peers = addRelation(model, [{ app: "webapp", endpoint: "cluster" }]);
  for (const u of ["webapp/0", "webapp/1"]) enterScope(model, peers, u);
  markJoined(peers, "webapp/0", "webapp/1");
  markJoined(peers, "webapp/1", "webapp/0");
  return model;
}

/** Runs a tool and returns its result, for terse tests. */
export function toolOf(session: { run(cmd: string, argv: readonly string[], stdin?: string): { code: number; stdout: string; stderr: string } }) {
  return (cmd: string, ...argv: string[]) => session.run(cmd, argv);
}

/** Runs a tool that must succeed and parses its JSON stdout. */
export function jsonOf(session: { run(cmd: string, argv: readonly string[], stdin?: string): { code: number; stdout: string; stderr: string } }) {
  return (cmd: string, ...argv: string[]): unknown => {
    const r = session.run(cmd, argv);
    if (r.code !== 0) throw new Error(`${cmd} failed (${r.code}): ${r.stderr}`);
    return JSON.parse(r.stdout) as unknown;
  };
}
