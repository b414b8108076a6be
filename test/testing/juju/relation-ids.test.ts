// Juju never reuses a relation id: a relation added after remove-relation gets a new one, also
// when the model is saved and loaded in between (the simulator CLI does that between commands).
import { addApplication, addRelation, emptyModel, nextRelationId } from "../../../lib/testing/index.js";
import { parseModelState } from "../../../lib/testing/juju/model-schema.js";
import { POSTGRESQL_CHARM, WEBAPP_CHARM } from "./model-fixture.js";

function modelWithApps() {
  const model = emptyModel();
  addApplication(model, "webapp", WEBAPP_CHARM);
  addApplication(model, "postgresql", POSTGRESQL_CHARM);
  return model;
}

const ENDS = [
  { app: "webapp", endpoint: "database" },
  { app: "postgresql", endpoint: "database" },
] as [{ app: string; endpoint: string }, { app: string; endpoint: string }];

test("a relation added after the newest one was removed gets a new id", () => {
  const model = modelWithApps();
  const first = addRelation(model, ENDS);
  model.relations = model.relations.filter((r) => r.id !== first.id);
  expect(nextRelationId(model)).toBe(first.id + 1);
  expect(addRelation(model, ENDS).id).toBe(first.id + 1);
});

test("the id sequence survives saving and loading the model", () => {
  const model = modelWithApps();
  const first = addRelation(model, ENDS);
  model.relations = [];
  const loaded = parseModelState(JSON.parse(JSON.stringify(model)));
  expect(addRelation(loaded, ENDS).id).toBe(first.id + 1);
});

test("explicit ids still count: the next one is above them", () => {
  const model = modelWithApps();
  addRelation(model, ENDS, { id: 7 });
  model.relations = [];
  expect(nextRelationId(model)).toBe(8);
});

test("a model saved before the sequence existed loads and continues above its live relations", () => {
  const model = modelWithApps();
  addRelation(model, ENDS, { id: 3 });
  const raw = JSON.parse(JSON.stringify(model)) as Record<string, unknown>;
  delete raw["lastRelationId"];
  expect(nextRelationId(parseModelState(raw))).toBe(4);
});
