// The secret-hygiene scanner can fail: a deliberately leaking charm, run on the harness and under
// the simulator (a real child process) with its own spool, is caught; a clean one is not; reports
// never quote the secret. The charms here are recorded by the run observer the jest setup
// registers (test/support/hygiene/register-observer.ts): no test below registers one itself.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { CharmBase, LOCAL_STATE_FILE } from "../../../lib/ops/index.js";
import { Context, relation, secret, state } from "../../../lib/testing/index.js";
import { Simulator } from "../../../lib/testing/simulator/index.js";
import { describeScan, scanRecords, scanSpool } from "../../support/hygiene/leak-scan.js";
import { recordModelDirectory } from "../../support/hygiene/model-directory-recorder.js";
import { SPOOL_ENV } from "../../support/hygiene/output-spool.js";

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

/**
 * A shell charm whose install hook adds a secret and, when `leak`, prints its value to stdout
 * (or, `"state file"`, keeps it in the machine unit's state file, where lib/ops keeps state).
 */
function shellCharm(root: string, leak: boolean | "state file"): string {
  const dir = join(root, "charm");
  mkdirSync(dir);
  writeFileSync(join(dir, "metadata.yaml"), "name: leaky-sh\nsummary: prints its own secret\n");
  const echo =
    leak === "state file"
      ? `printf '{"format":1,"values":{"cache":"${LEAKED}"}}' > "$JUJU_CHARM_DIR/${LOCAL_STATE_FILE}"`
      : leak
        ? `echo "connecting with ${LEAKED}"`
        : `echo "connecting"`;
  writeFileSync(join(dir, "dispatch"), `#!/bin/sh\nset -e\nif [ "$JUJU_DISPATCH_PATH" = hooks/install ]; then\n  secret-add password=${LEAKED} >/dev/null\n  ${echo}\nfi\n`);
  chmodSync(join(dir, "dispatch"), 0o755);
  return dir;
}

async function runShellCharm(leak: boolean | "state file"): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), "hygiene-sim-"));
  try {
    return await withPrivateSpool(async () => {
      const sim = Simulator.open(join(root, "model"));
      try {
        const run = await sim.deploy("leaky-sh", shellCharm(root, leak));
        expect(run.failed).toBeUndefined();
      } finally {
        sim.close();
      }
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

test("under the simulator, a charm process that prints a secret's value is caught", async () => {
  const dir = await runShellCharm(true);
  try {
    const report = scanSpool(dir);
    expect(report.leaks.map((l) => l.textSource)).toEqual(["simulator leaky-sh/0 install: stdout/stderr"]);
    expect(report.leaks[0]?.secretSource).toMatch(/^simulator leaky-sh\/0 install: secret /);
    expect(describeScan(report)).not.toContain(LEAKED);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("under the simulator, a secret kept in the unit's state file is caught", async () => {
  const dir = await runShellCharm("state file");
  try {
    const report = scanSpool(dir);
    // Written in install and still there after each later hook of the deploy.
    expect(report.leaks.map((l) => l.textSource)).toEqual(["install", "leader-elected", "config-changed", "start"].map((h) => `simulator leaky-sh/0 ${h}: state file`));
    expect(describeScan(report)).not.toContain(LEAKED);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("under the simulator, the same charm without the leak passes the scan", async () => {
  const dir = await runShellCharm(false);
  try {
    const report = scanSpool(dir);
    expect(report.secretValues).toBe(1);
    expect(report.texts).toBeGreaterThan(0);
    expect(report.leaks).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a model another process ran (the packed sim bin) is scanned from its model directory", async () => {
  const root = mkdtempSync(join(tmpdir(), "hygiene-dir-"));
  try {
    // Run with recording off, as a simulator in another process would be to this worker.
    const saved = process.env[SPOOL_ENV];
    delete process.env[SPOOL_ENV];
    try {
      const sim = Simulator.open(join(root, "model"));
      try {
        expect((await sim.deploy("leaky-sh", shellCharm(root, true))).failed).toBeUndefined();
      } finally {
        sim.close();
      }
    } finally {
      if (saved !== undefined) process.env[SPOOL_ENV] = saved;
    }
    let hooks = 0;
    const dir = await withPrivateSpool(async () => {
      hooks = recordModelDirectory(join(root, "model"));
    });
    try {
      expect(hooks).toBeGreaterThan(1);
      expect(scanSpool(dir).leaks.map((l) => l.textSource)).toEqual(["simulator (another process) leaky-sh/0 install: stdout/stderr"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("the jest global setup names the same spool variable as the recorder", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const setup = require("./global-setup.cjs") as { SPOOL_ENV: string };
  expect(setup.SPOOL_ENV).toBe(SPOOL_ENV);
});
