/**
 * What the provider-profile scenarios share: a simulator model with a random UUID (the MySQL
 * profiles name users after it, and the MariaDB is shared), the requirer fixtures' event records,
 * and the latest content of a secret the provider published.
 */
import { randomUUID } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { emptyModel, findSecret } from "../../lib/testing/juju/model.js";
import { Simulator } from "../../lib/testing/simulator/index.js";

/** A fresh model directory under the OS temp dir, with its own UUID; the caller closes and removes it. */
export function openProfileModel(): { sim: Simulator; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "profile-model-"));
  fs.writeFileSync(path.join(dir, "model.json"), JSON.stringify(emptyModel({ uuid: randomUUID() })));
  const book = { charms: {}, nextUnit: {}, nextAction: 1, nextHookSeq: 1, queue: [], unitErrors: {}, removalNotified: {} };
  fs.writeFileSync(path.join(dir, "simulator.json"), JSON.stringify(book));
  return { sim: Simulator.open(dir), dir };
}

/** One line a fixture charm (db-client, mongo-client) wrote. */
export type Recorded = Readonly<Record<string, unknown>> & { readonly event: string; readonly relationId: number };

/** Every event record of `unit`, oldest first. */
export function recorded(sim: Simulator, unit: string): Recorded[] {
  const file = path.join(sim.modelDir, "units", unit.replace("/", "-"), "charm", "events.jsonl");
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as Recorded);
}

/** Records of `unit` from index `from` on. */
export function recordedSince(sim: Simulator, unit: string, from: number): Recorded[] {
  return recorded(sim, unit).slice(from);
}

/** The application databag `app` wrote in relation `relationId`. */
export function appBag(sim: Simulator, relationId: number, app: string): Record<string, string> {
  return { ...(sim.model.relations.find((r) => r.id === relationId)?.appData[app] ?? {}) };
}

/** The unit databag `unit` wrote in relation `relationId`. */
export function unitBag(sim: Simulator, relationId: number, unit: string): Record<string, string> {
  return { ...(sim.model.relations.find((r) => r.id === relationId)?.unitData[unit] ?? {}) };
}

/** Content of the newest revision of the secret `uri`, and how many revisions it has. */
export function secretLatest(sim: Simulator, uri: string | undefined): { content: Record<string, string>; revisions: number } | undefined {
  if (uri === undefined) return undefined;
  const secret = findSecret(sim.model, uri);
  const last = secret?.revisions[secret.revisions.length - 1];
  return secret === undefined || last === undefined ? undefined : { content: { ...last.content }, revisions: secret.revisions.length };
}
