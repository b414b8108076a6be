// The demo behind `npm run demo`, run end to end through its function entry: every step passes
// and shows in the transcript (the steps check the example charms against real state: statuses,
// webapp.json, check-db's and get-credentials' answers, logins, rotation, removal; this suite
// replaced test/examples/examples-e2e.test.ts, which ran the same scenario a second time), no password the demo learned appears in the transcript or any
// log, the server is stopped and the throw-away files are gone afterwards. Also: a failing
// step makes the demo report failure with a clear message and still clean up; the transcript
// masks secrets unless asked, the log always.
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { runDemo, type DemoReport } from "../../examples/demo/src/demo.js";
import { MASK, SecretMask } from "../../examples/demo/src/secret-mask.js";
import { DemoStepError, Transcript, type TextSink } from "../../examples/demo/src/transcript.js";
import { scaled } from "../support/time-scale.js";

const REPO_ROOT = path.resolve(__dirname, "..", "..");

function collector(): TextSink & { text(): string } {
  const chunks: string[] = [];
  return { write: (t) => void chunks.push(t), text: () => chunks.join("") };
}

function portIsClosed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(true));
  });
}

describe("npm run demo, end to end", () => {
  let scratch: string;
  let report: DemoReport;
  let transcript: string;
  const secrets: string[] = [];

  beforeAll(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "demo-test-"));
    fs.mkdirSync(path.join(scratch, "work"));
    const out = collector();
    report = await runDemo({
      repoRoot: REPO_ROOT,
      out,
      logDir: path.join(scratch, "logs"),
      workRoot: path.join(scratch, "work"),
      serverStartTimeoutMs: scaled(30_000),
      onSecret: (value) => secrets.push(value),
    });
    transcript = out.text();
  }, scaled(180_000));
  afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

  test("every step passes and the transcript shows each part of the story", () => {
    expect(report.failure).toBeUndefined();
    expect(report.ok).toBe(true);
    const wanted: RegExp[] = [
      /✓ start an embedded PostgreSQL: PostgreSQL \d+/,
      /✓ build the example charms/,
      /✓ deploy database-provider as postgresql/,
      /✓ deploy webapp: webapp\/0 waiting "waiting for database relation"/,
      /✓ deploy data-integrator .*blocked/,
      /✓ juju integrate webapp:database postgresql:database: relation \d+/,
      /✓ the credentials arrive at webapp\/0: event databaseCreated; status waiting: waiting for database credentials -> active; the server has user relation_id_\d+/,
      /✓ webapp connects and runs a query \(action check-db\): .* -> relation_id_\d+, webapp at 127\.0\.0\.1:\d+/,
      /✓ juju integrate data-integrator:postgresql postgresql:database: relation \d+; data-integrator\/0 active/,
      /✓ juju run data-integrator\/0 get-credentials: user relation_id_\d+, password \*{8}/,
      /^ +password: \*{8}$/m,
      /^ +uris: postgresql:\/\/relation_id_\d+:\*{8}@127\.0\.0\.1:\d+\/reports$/m,
      /✓ juju run postgresql\/0 rotate-password relation-id=\d+: .*secret revision 2 \(was 1\)/,
      /✓ webapp\/0 follows: .*secret-changed -> credentialsRotated; check-db as relation_id_\d+ ok/,
      /✓ the server accepts the new password and refuses the old one: .*password authentication failed for user "relation_id_\d+" \(28P01\)/,
      /✓ juju remove-relation data-integrator postgresql: user relation_id_\d+ dropped/,
      /✓ juju integrate data-integrator:postgresql postgresql:database \(again\)/,
      /✓ juju run data-integrator\/0 get-credentials \(new credentials\)/,
      /✓ the new credentials differ and the old password is refused: relation_id_(\d+) -> relation_id_(?!\1)\d+; .*\(28P01\)/,
      /✓ juju remove-relation webapp postgresql: event databaseRemoved; webapp\/0 waiting "waiting for database relation"; user relation_id_\d+ gone from the server/,
      /✓ no password in the hook log, the unit statuses, the server log or this demo's log/,
      /All 20 steps passed in [\d.]+ s\./,
    ];
    for (const pattern of wanted) expect(transcript).toMatch(pattern);
    expect(transcript).not.toContain("✗");
    expect(report.steps).toBe(20);
  });

  test("the transcript says where the logs are, and they are there", () => {
    for (const file of [report.logs.demo, report.logs.hooks, report.logs.hooksJson, report.logs.server]) {
      expect(transcript).toContain(file);
      expect(fs.statSync(file).size).toBeGreaterThan(0);
    }
    expect(fs.readFileSync(report.logs.hooks, "utf8")).toMatch(/webapp\/0 secret-changed -> ok/);
    expect(fs.readFileSync(report.logs.server, "utf8")).toMatch(/password authentication failed for user "relation_id_\d+"/);
  });

  test("no password appears in the transcript or any log", () => {
    // the superuser's, webapp's before and after rotation, data-integrator's before and after re-integration
    expect(secrets.length).toBeGreaterThanOrEqual(5);
    const texts: Record<string, string> = { transcript };
    for (const name of fs.readdirSync(report.logs.dir)) texts[name] = fs.readFileSync(path.join(report.logs.dir, name), "utf8");
    for (const [name, text] of Object.entries(texts)) {
      for (const secret of secrets) {
        expect(secret.length).toBeGreaterThanOrEqual(8);
        if (text.includes(secret)) throw new Error(`a password appears in ${name}`);
      }
    }
  });

  test("the server is stopped and the throw-away files are gone", async () => {
    expect(fs.readdirSync(path.join(scratch, "work"))).toEqual([]);
    const port = Number(/PostgreSQL [\d.]+ on 127\.0\.0\.1:(\d+)/.exec(transcript)?.[1]);
    expect(port).toBeGreaterThan(0);
    expect(await portIsClosed(port)).toBe(true);
  });
});

test("a step that fails makes the demo report failure with the reason, and it still cleans up", async () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "demo-fail-test-"));
  try {
    fs.mkdirSync(path.join(scratch, "work"));
    const out = collector();
    // A repository root without the demo's server helper: the very first step cannot start the server.
    const report = await runDemo({ repoRoot: path.join(scratch, "no-repo"), out, logDir: path.join(scratch, "logs"), workRoot: path.join(scratch, "work") });
    expect(report.ok).toBe(false);
    expect(report.steps).toBe(1);
    expect(report.failure).toMatch(/^step 1 \(start an embedded PostgreSQL\) failed: the embedded PostgreSQL helper \S+ is missing$/);
    expect(out.text()).toMatch(/ {2}1\. ✗ start an embedded PostgreSQL: /);
    expect(out.text()).toContain("The demo FAILED: step 1");
    expect(out.text()).toContain(report.logs.demo);
    expect(fs.readdirSync(path.join(scratch, "work"))).toEqual([]);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
});

test("an interruption while a step runs stops the demo: failure 'interrupted', nothing left behind", async () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "demo-abort-test-"));
  try {
    fs.mkdirSync(path.join(scratch, "work"));
    const controller = new AbortController();
    const out = collector();
    // Interrupt while the first step (starting the server) is under way.
    const running = runDemo({ repoRoot: REPO_ROOT, out, logDir: path.join(scratch, "logs"), workRoot: path.join(scratch, "work"), signal: controller.signal, serverStartTimeoutMs: scaled(30_000) });
    setImmediate(() => controller.abort());
    const report = await running;
    expect(report.ok).toBe(false);
    expect(report.failure).toBe("interrupted");
    expect(out.text()).toContain("The demo FAILED: interrupted");
    expect(fs.readdirSync(path.join(scratch, "work"))).toEqual([]);
    // The step that was still starting the server stops it as soon as it is up.
    const serverLog = (): string => (fs.existsSync(report.logs.server) ? fs.readFileSync(report.logs.server, "utf8") : "");
    for (let waited = 0; waited < scaled(45_000) && !/database system is shut down/.test(serverLog()); waited += 200) await new Promise((r) => setTimeout(r, 200));
    expect(serverLog()).toMatch(/database system is ready to accept connections[\s\S]*database system is shut down/);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}, scaled(60_000));

describe("Transcript", () => {
  const SECRET = "s3cretPassw0rdXYZ";

  function transcriptWith(revealSecrets: boolean) {
    const out = collector();
    const log = collector();
    const mask = new SecretMask();
    mask.add(SECRET);
    return { out, log, t: new Transcript({ out, log, mask, revealSecrets, now: () => 0 }) };
  }

  test("masks secrets in step lines, details and shown blocks; shows them on the terminal only when asked", async () => {
    for (const reveal of [false, true]) {
      const { out, log, t } = transcriptWith(reveal);
      await t.step(`title ${SECRET}`, async (s) => {
        s.summary(`summary ${SECRET}`);
        s.detail(`detail ${SECRET}`);
        s.show([`password: ${SECRET}`]);
      });
      expect(out.text()).toContain(`  1. ✓ title ${MASK}: summary ${MASK}\n`);
      expect(out.text()).toContain(reveal ? `password: ${SECRET}` : `password: ${MASK}`);
      expect(log.text()).not.toContain(SECRET);
      expect(log.text()).toContain(`detail ${MASK}`);
    }
  });

  test("a failing step prints ✗ with the masked reason and rethrows it as DemoStepError", async () => {
    const { out, log, t } = transcriptWith(false);
    await t.step("first", async () => undefined);
    const failing = t.step("second", async () => {
      throw new Error(`login refused for ${SECRET}`);
    });
    await expect(failing).rejects.toBeInstanceOf(DemoStepError);
    await expect(failing).rejects.toMatchObject({ step: 2, title: "second", reason: `login refused for ${MASK}` });
    expect(out.text()).toContain(`  2. ✗ second: login refused for ${MASK}\n`);
    expect(log.text()).not.toContain(SECRET);
  });
});
