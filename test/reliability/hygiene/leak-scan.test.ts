// The secret-hygiene scanner can fail: a deliberately leaking charm, run on the harness with its
// own spool, is caught; a clean one is not; reports never quote the secret.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { CharmBase } from "../../../lib/ops/index.js";
import { describeScan, scanRecords, scanSpool } from "../../../lib/testing/hygiene/leak-scan.js";
import { SPOOL_ENV } from "../../../lib/testing/hygiene/output-spool.js";
import { Context, relation, secret, state } from "../../../lib/testing/index.js";

const LEAKED = "Lk9rW2vQ8xNp4TzB";

let leak = true;
class LeakyCharm extends CharmBase {
  protected override setup(): void {
    this.on("database-relation-changed", (e) => {
      const uri = e.relation.remoteAppData().get("secret-user");
      if (uri === undefined) return;
      const content = this.model.getSecret({ id: uri }).getContent();
      this.log.info(leak ? `connecting with ${content["password"] ?? ""}` : "connecting");
    });
  }
}

/** Runs `fn` with the spool pointed at a private directory (the run-wide spool is left alone). */
async function withPrivateSpool(fn: () => Promise<void>): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "hygiene-fixture-"));
  const saved = process.env[SPOOL_ENV];
  process.env[SPOOL_ENV] = dir;
  try {
    await fn();
  } finally {
    if (saved === undefined) delete process.env[SPOOL_ENV];
    else process.env[SPOOL_ENV] = saved;
  }
  return dir;
}

async function runCharm(): Promise<string> {
  return withPrivateSpool(async () => {
    const user = secret({ trackedContent: { username: "relation_id_3", password: LEAKED } });
    const rel = relation({ id: 3, endpoint: "database", remoteApp: "postgresql", remoteAppData: { "secret-user": user.id } });
    const ctx = new Context(LeakyCharm, { metadata: { name: "leaky", requires: { database: { interface: "postgresql_client" } } } });
    await ctx.run(ctx.on.relationChanged(rel), state({ relations: [rel], secrets: [user] }));
    expect(ctx.error).toBeUndefined();
  });
}

test("a charm that logs a password is caught, and the report does not quote it", async () => {
  leak = true;
  const dir = await runCharm();
  try {
    const report = scanSpool(dir);
    expect(report.leaks).toHaveLength(1);
    expect(report.leaks[0]?.textSource).toMatch(/^harness leaky\/0 database-relation-changed: log$/);
    expect(describeScan(report)).not.toContain(LEAKED);
    expect(describeScan(report)).toContain("LEAK in harness leaky/0");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the same charm without the leak passes the scan", async () => {
  leak = false;
  const dir = await runCharm();
  try {
    const report = scanSpool(dir);
    expect(report.secretValues).toBe(1);
    expect(report.texts).toBeGreaterThan(0);
    expect(report.leaks).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("scanRecords: values shorter than 8 characters and public keys are not secrets; a leak in stored state is found", () => {
  const report = scanRecords([
    { kind: "secret", source: "s", value: "short" },
    { kind: "secret", source: "s", value: LEAKED },
    { kind: "text", source: "log", text: "short and sweet" },
    { kind: "text", source: "stored state", text: `{"cached": "${LEAKED}"}` },
  ]);
  expect(report.leaks).toEqual([{ textSource: "stored state", secretSource: "s", masked: `16 chars, starts "Lk"` }]);
});

test("the jest global setup names the same spool variable as lib/testing", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const setup = require("./global-setup.cjs") as { SPOOL_ENV: string };
  expect(setup.SPOOL_ENV).toBe(SPOOL_ENV);
});
