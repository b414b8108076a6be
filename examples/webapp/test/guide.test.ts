// The README's 5-minute guide shows this file verbatim (test/readme/guide-sync.test.ts checks it).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Context, relation, secret, state } from "charm-data-interfaces/testing";
import { WebAppCharm } from "../src/charm.js";

const charmDir = path.join(__dirname, "..");
const read = (file: string) => fs.readFileSync(path.join(charmDir, file), "utf8");

test("the password arrives in a secret and ends up in webapp.json, never in the log", async () => {
  const ctx = new Context(WebAppCharm, { metadata: read("metadata.yaml"), config: read("config.yaml"), actions: read("actions.yaml") });
  const configFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "guide-")), "webapp.json");

  // What PostgreSQL published: plain fields in its app databag, credentials in a granted secret.
  const user = secret({ trackedContent: { username: "relation_id_3", password: "s3cr3t-pw" } });
  const db = relation({
    endpoint: "database",
    remoteApp: "postgresql",
    remoteAppData: { database: "webapp", endpoints: "10.0.0.5:5432", "secret-user": user.id },
  });

  const out = await ctx.run(ctx.on.relationChanged(db), state({ relations: [db], secrets: [user], config: { "config-file": configFile } }));

  expect(out.unitStatus).toEqual({ status: "active", message: "" });
  expect(JSON.parse(fs.readFileSync(configFile, "utf8")).database).toMatchObject({ host: "10.0.0.5", user: "relation_id_3", password: "s3cr3t-pw" });
  expect(JSON.stringify(ctx.logs)).not.toContain("s3cr3t-pw");
});
