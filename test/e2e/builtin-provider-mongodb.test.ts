/**
 * Issue 15 leftover: `sim deploy <app> --builtin --profile mongodb` deploys the test provider the
 * package ships prebuilt, answering as the mongodb charm, and a MongoDB requirer gets credentials
 * from it (no MongoDB server runs). The prebuilt directory exists only after `npm run build`
 * (test/package covers that build); here the same bundle is made with the build's code and
 * `builtinProviderDir` points at it, so what runs is the CLI path of `--builtin` and `--profile`.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runSim } from "../../lib/cli/sim/run-sim.js";
import { Simulator } from "../../lib/testing/simulator/index.js";
import { buildCharmDir } from "./charm-builds.js";
import { appBag, recorded, secretLatest } from "./profile-model.js";
import { scaled } from "../support/time-scale.js";

// The shipped provider: a bundle of examples/database-provider, as examples/build-examples.ts --ship makes it.
let shipped = "";
jest.mock("../../lib/testing/builtin-provider.js", () => {
  const actual: Record<string, unknown> = jest.requireActual("../../lib/testing/builtin-provider.js");
  return { ...actual, builtinProviderDir: (): string => shipped };
});

const ROOT = path.join(__dirname, "..", "..");
const HOSTS = "10.41.0.11,10.41.0.12";
const scratch: string[] = [];
let modelDir = "";
let client = "";
let out = "";
let err = "";
const sim = async (...argv: string[]): Promise<number> => {
  out = "";
  err = "";
  return runSim(["--model-dir", modelDir, ...argv], { stdout: (t) => void (out += t), stderr: (t) => void (err += t) });
};

beforeAll(async () => {
  [shipped, client] = await Promise.all([buildCharmDir(path.join(ROOT, "examples", "database-provider")), buildCharmDir(path.join(__dirname, "fixtures", "mongo-client"))]);
  modelDir = fs.mkdtempSync(path.join(os.tmpdir(), "builtin-mongodb-"));
  scratch.push(shipped, client, modelDir);
}, scaled(60_000));

afterAll(() => {
  for (const dir of scratch) fs.rmSync(dir, { recursive: true, force: true });
});

test("sim deploy mongodb --builtin --profile mongodb publishes MongoDB credentials to a requirer", async () => {
  expect(await sim("deploy", "--builtin", "mongodb", "--profile", "mongodb", "--config", `mongodb-hosts=${HOSTS}`)).toBe(0);
  expect(err).toContain("mongodb/0 install -> ok"); // the CLI reports each hook on stderr
  expect(await sim("deploy", client, "client", "--config", "database-name=myapp")).toBe(0);
  expect(await sim("integrate", "client:mongodb", "mongodb:mongodb-database")).toBe(0);
  expect(await sim("config", "mongodb", "profile")).toBe(0);
  expect(out).toBe("mongodb\n");

  const model = Simulator.open(modelDir);
  try {
    // The builtin provider is what was deployed, under the name given.
    expect(model.model.applications["mongodb"]?.charm.name).toBe("database-provider");
    expect(model.model.units["mongodb/0"]?.status).toEqual({ status: "active", message: "serving 1 relation as mongodb (no MongoDB server: credentials only)" });
    const rel = model.model.relations.find((r) => r.ends.some((e) => e.app === "client") && r.ends.some((e) => e.app === "mongodb"));
    if (rel === undefined) throw new Error("no client-mongodb relation");
    const bag = appBag(model, rel.id, "mongodb");
    expect(bag).toMatchObject({ database: "myapp", endpoints: HOSTS, replset: "mongodb", "secret-user": expect.stringMatching(/^secret:/) });
    const user = secretLatest(model, bag["secret-user"])?.content ?? {};
    expect(user["username"]).toBe(`relation-${rel.id}`);
    expect(user["password"]).toMatch(/^[A-Za-z0-9]{32}$/);
    // The requirer (MongoDBRequires) got the credentials: databaseCreated with a usable connection.
    expect(recorded(model, "client/0")).toEqual([
      expect.objectContaining({
        event: "databaseCreated",
        endpoint: "mongodb",
        relationId: rel.id,
        database: "myapp",
        username: `relation-${rel.id}`,
        replset: "mongodb",
        connection: expect.objectContaining({ hosts: ["10.41.0.11:27017", "10.41.0.12:27017"], database: "myapp", params: { replicaSet: "mongodb", authSource: "admin" } }),
      }),
    ]);
  } finally {
    model.close();
  }
}, scaled(150_000));
