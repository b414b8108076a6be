// ctx.emitted(): what a run emitted, Juju's events and libraries' custom events, with payloads.
import { CharmBase, EventSource } from "../../../lib/ops/index.js";
import { Context, state } from "../../../lib/testing/index.js";
import { CONFIG, METADATA } from "./harness-fixture.js";

interface Greeted {
  readonly who: string;
}

class Greeter extends CharmBase {
  readonly greetings = new EventSource<{ greeted: Greeted }>(this, "greeter", {
    greeted: { snapshot: (p) => ({ who: p.who }), restore: (s) => ({ who: String(s["who"]) }) },
  });

  protected override setup(): void {
    // Nobody observes `greeted`: the harness still records it.
    this.on("install", async () => {
      await this.greetings.emit("greeted", { who: "world" });
    });
  }
}

test("emitted() lists the hook's event and library events in order, with payloads", async () => {
  const ctx = new Context(Greeter, { metadata: METADATA, config: CONFIG });
  await ctx.run(ctx.on.install(), state());
  expect(ctx.emitted().map((e) => `${e.source}/${e.kind}`)).toEqual(["charm/install", "greeter/greeted"]);
  expect(ctx.emitted("greeted")[0]?.payload).toEqual({ who: "world" });
  expect(ctx.emitted("greeted", "other")).toEqual([]);
});

test("emitted() describes only the last run", async () => {
  const ctx = new Context(Greeter, { metadata: METADATA, config: CONFIG });
  await ctx.run(ctx.on.install(), state());
  await ctx.run(ctx.on.start(), state());
  expect(ctx.emitted().map((e) => e.kind)).toEqual(["start"]);
});
