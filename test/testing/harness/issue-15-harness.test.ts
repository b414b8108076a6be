// Issue 15, "Why" item 3: the harness behaves as ops.testing (Scenario) where charm authors rely on it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { ActiveStatus, CharmBase, type EventFor } from "../../../lib/ops/index.js";
import { CommitRefusedError, Context, JUJU_VERSIONS, relation, secret, state, UncaughtCharmError, type CharmHookKind } from "../../../lib/testing/index.js";

const META = {
  name: "typed",
  requires: { database: { interface: "postgresql_client", limit: 1 } },
  peers: { cluster: { interface: "typed_peers" } },
};
const ACTIONS = { backup: { params: { target: { type: "string" } } } };

/**
 * A charm base typed by its metadata and actions: `on` (and this `observe`, which forwards to it)
 * only takes the hook names they declare (test/ops/types/typed-hook-names.ts has the cases).
 */
abstract class TypedCharm extends CharmBase<typeof META, typeof ACTIONS> {
  protected observe<K extends CharmHookKind<typeof META, typeof ACTIONS>>(hook: K, handler: (event: EventFor<K>) => void | Promise<void>): void {
    this.on(hook, handler);
  }
}

class Crashing extends TypedCharm {
  protected override setup(): void {
    this.observe("start", () => {
      this.unit.setStatus(new ActiveStatus("about to crash"));
      throw new TypeError("cannot read the config");
    });
  }
}

describe("issue 15 why-3: ctx.run throws UncaughtCharmError when the charm throws", () => {
  test("the error carries the charm's exception as its cause; side channels still describe the run", async () => {
    const ctx = new Context(Crashing, { metadata: META, actions: ACTIONS });
    const input = state();
    const thrown = await ctx.run(ctx.on.start(), input).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(thrown).toBeInstanceOf(UncaughtCharmError);
    const error = thrown as UncaughtCharmError;
    expect(error.cause).toBeInstanceOf(TypeError);
    expect(error.cause.message).toBe("cannot read the config");
    expect(error.event).toBe("start");
    expect(error.message).toContain("TypeError: cannot read the config");
    expect(ctx.error).toBe(error.cause);
    expect(ctx.emitted().map((e) => e.kind)).toEqual(["start"]);
    expect(ctx.commitReport).toBeUndefined();
  });

  test("catchCharmErrors: true opts out: the input state comes back and ctx.error holds the cause", async () => {
    const ctx = new Context(Crashing, { metadata: META, catchCharmErrors: true });
    const input = state();
    const out = await ctx.run(ctx.on.start(), input);
    expect(out).toBe(input);
    expect(ctx.error).toBeInstanceOf(TypeError);
  });
});

describe("issue 15 why-3: charmRoot sets the charm directory (Scenario's charm_root)", () => {
  class ReadsTemplate extends CharmBase {
    protected override setup(): void {
      this.on("install", () => {
        const text = readFileSync(join(this.model.hook.charmDir, "templates", "motd.txt"), "utf8");
        this.unit.setStatus(new ActiveStatus(text.trim()));
        writeFileSync(join(this.model.hook.charmDir, "installed.flag"), "yes");
      });
    }
  }

  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "issue15-root-"));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  test("the charm reads and writes files there; the directory and the caller's files survive the run", async () => {
    const { mkdirSync } = await import("node:fs");
    mkdirSync(join(root, "templates"));
    writeFileSync(join(root, "templates", "motd.txt"), "hello from the template\n");
    writeFileSync(join(root, "metadata.yaml"), "name: original\n");
    const ctx = new Context(ReadsTemplate, { metadata: META, charmRoot: root });
    const out = await ctx.run(ctx.on.install(), state());
    expect(out.unitStatus).toEqual({ status: "active", message: "hello from the template" });
    expect(readFileSync(join(root, "installed.flag"), "utf8")).toBe("yes");
    // The run wrote the Context's metadata for its duration, then put the caller's file back
    // and removed the files it created.
    expect(readFileSync(join(root, "metadata.yaml"), "utf8")).toBe("name: original\n");
    expect(existsSync(join(root, "config.yaml"))).toBe(false);
    expect(existsSync(join(root, "actions.yaml"))).toBe(false);
  });

  test("without charmRoot the charm directory is a fresh temporary directory removed after the run", async () => {
    let seen = "";
    class Peeks extends CharmBase {
      protected override setup(): void {
        this.on("install", () => {
          seen = this.model.hook.charmDir;
        });
      }
    }
    const ctx = new Context(Peeks, { metadata: META });
    await ctx.run(ctx.on.install(), state());
    expect(seen).not.toBe("");
    expect(existsSync(seen)).toBe(false);
  });
});

describe("issue 15 why-3: events re-emitted from the deferred queue appear in emitted()", () => {
  class Defers extends CharmBase {
    protected override setup(): void {
      this.on("config-changed", (e) => {
        if (this.config["ready"] !== true) e.defer();
        else this.unit.setStatus(new ActiveStatus("configured"));
      });
      this.on("update-status", () => undefined);
    }
  }
  const CONFIG = { options: { ready: { type: "boolean", default: false } } };

  test("the deferred event comes first, marked reemitted, then the hook's own event", async () => {
    const ctx = new Context(Defers, { metadata: META, config: CONFIG });
    const deferred = await ctx.run(ctx.on.configChanged(), state());
    expect(deferred.getDeferred().map((n) => n.event)).toEqual(["charm/config-changed[1]"]);
    expect(ctx.emitted().map((e) => [e.kind, e.reemitted ?? false])).toEqual([["config-changed", false]]);

    const out = await ctx.run(ctx.on.updateStatus(), { ...deferred, config: { ready: true } } as typeof deferred);
    expect(ctx.emitted().map((e) => [e.source, e.kind, e.reemitted ?? false])).toEqual([
      ["charm", "config-changed", true],
      ["charm", "update-status", false],
    ]);
    expect(out.getDeferred()).toEqual([]);
    expect(out.unitStatus.message).toBe("configured");
  });
});

describe("issue 15 why-3: state lookups", () => {
  test("getRelation, getRelations, getSecret by id or label, getStoredState", async () => {
    const db = relation({ endpoint: "database", remoteApp: "postgresql" });
    const creds = secret({ label: "creds", trackedContent: { password: "hunter2-not-real" } });
    const st = state({ relations: [db], secrets: [creds] });
    expect(st.getRelation(db.id)).toBe(db);
    expect(() => st.getRelation(9999)).toThrow(/no relation with id 9999/);
    expect(st.getRelations("database")).toEqual([db]);
    expect(st.getRelations("cluster")).toEqual([]);
    expect(st.getSecret(creds.id)).toBe(creds);
    expect(st.getSecret("creds")).toBe(creds);
    expect(st.getSecret({ label: "creds" })).toBe(creds);
    expect(() => st.getSecret("nope")).toThrow(/no secret with label "nope"/);

    class Counts extends CharmBase {
      private readonly counter = this.storedState("counter", { n: 0 });
      protected override setup(): void {
        this.on("start", () => this.counter.set({ n: this.counter.get().n + 1 }));
      }
    }
    const ctx = new Context(Counts, { metadata: META });
    const out = await ctx.run(ctx.on.start(), st);
    expect(out.getStoredState("counter")).toEqual({ n: 1 });
    expect(out.getRelation(db.id).localAppData).toEqual({});
    // The lookups are not fields: spreads and JSON carry the data only.
    expect(Object.keys(out)).not.toContain("getRelation");
  });
});

describe("issue 15 why-3: hook and action names are typed from the charm's metadata", () => {
  test("declared names typecheck; a typo is a type error (checked by tsc) and still fails at run time", async () => {
    class Typos extends TypedCharm {
      protected override setup(): void {
        this.observe("database-relation-changed", (e) => void e.relation);
        this.observe("action:backup", (e) => void e.params);
        // @ts-expect-error "databse" is not an endpoint of META
        this.observe("databse-relation-changed", () => undefined);
      }
    }
    const ctx = new Context(Typos, { metadata: META, actions: ACTIONS });
    ctx.on.action("backup");
    // @ts-expect-error "bakup" is not an action of ACTIONS
    ctx.on.action("bakup");
    // @ts-expect-error "strat" is no hook
    ctx.on.hook("strat");
    await expect(ctx.run(ctx.on.install(), state())).rejects.toThrow(/declares no endpoint "databse"/);

    // Metadata as YAML text cannot be typed: any name is accepted there.
    const untyped = new Context(Typos, { metadata: "name: typed\n" });
    untyped.on.action("anything");
  });
});

describe("a commit Juju refuses fails the run, although the charm succeeded", () => {
  const SECRET = secret({ id: "secret:cv5pag6fcc9s77fhdc3g", owner: "application", trackedContent: { token: "t1" } });
  class SetsAppSecret extends TypedCharm {
    protected override setup(): void {
      this.observe("config-changed", () => {
        // On Juju the call succeeds for a non-leader: catching here changes nothing.
        try {
          this.model.getSecret({ id: SECRET.id }).setContent({ token: "t2" });
        } catch {
          // not reached
        }
        this.unit.setStatus(new ActiveStatus("tried"));
      });
    }
  }

  test("a non-leader's setContent of an app secret: CommitRefusedError, the secret unchanged", async () => {
    const ctx = new Context(SetsAppSecret, { metadata: META });
    const input = state({ leader: false, secrets: [SECRET] });
    const thrown = await ctx.run(ctx.on.configChanged(), input).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(thrown).toBeInstanceOf(CommitRefusedError);
    expect((thrown as CommitRefusedError).reason).toBe("updating secrets: permission denied");
    expect((thrown as CommitRefusedError).event).toBe("config-changed");
    expect(ctx.error).toBe(thrown);
    expect(ctx.commitReport?.failure).toBe("updating secrets: permission denied");
  });

  test("with catchCharmErrors the state after what Juju applied comes back, and ctx.error says why", async () => {
    const ctx = new Context(SetsAppSecret, { metadata: META, catchCharmErrors: true });
    const input = state({ leader: false, secrets: [SECRET] });
    const out = await ctx.run(ctx.on.configChanged(), input);
    expect(ctx.error).toBeInstanceOf(CommitRefusedError);
    expect(out.secrets.find((s) => s.id === SECRET.id)?.latestRevision).toBe(1);
    // status-set is immediate on Juju, not part of the commit.
    expect(out.unitStatus).toEqual({ status: "active", message: "tried" });
  });

  test("the leader's setContent commits", async () => {
    const ctx = new Context(SetsAppSecret, { metadata: META });
    const out = await ctx.run(ctx.on.configChanged(), state({ leader: true, secrets: [SECRET] }));
    expect(out.secrets.find((s) => s.id === SECRET.id)?.latestContent).toEqual({ token: "t2" });
    expect(ctx.error).toBeUndefined();
  });
});

describe("setContent then setInfo in one hook keep both, on every Juju version", () => {
  const OWNED = secret({ id: "secret:cv5pag6fcc9s77fhdc4g", owner: "application", trackedContent: { token: "t1" }, label: "api-token" });
  class UpdatesTwice extends TypedCharm {
    protected override setup(): void {
      this.observe("config-changed", () => {
        const owned = this.model.getSecret({ id: OWNED.id });
        owned.setContent({ token: "t2" });
        owned.setInfo({ description: "rotated" });
      });
    }
  }

  // Below 3.6 Juju keeps only the last secret-set of a hook (the fake models it:
  // docs/juju-behaviour.md); lib/ops re-sends content and metadata there, as ops does.
  test.each(JUJU_VERSIONS.filter((v) => !v.startsWith("2.")))("Juju %s", async (jujuVersion) => {
    const ctx = new Context(UpdatesTwice, { metadata: META, jujuVersion });
    const out = await ctx.run(ctx.on.configChanged(), state({ leader: true, secrets: [OWNED] }));
    expect(out.secrets.find((s) => s.id === OWNED.id)).toMatchObject({ latestContent: { token: "t2" }, latestRevision: 2, description: "rotated", label: "api-token" });
  });
});
