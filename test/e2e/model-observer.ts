/**
 * What the e2e tests read from a simulated model: the requirer charm's event records, the
 * provider's application databag as the requirer sees it, every password the model ever held
 * (secret revisions and plaintext databags), and every text a leak could hide in.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { ActionOutcome, Simulator } from "../../lib/testing/simulator/index.js";

/** One line the db-client fixture wrote. */
export interface EventRecord {
  readonly event: string;
  readonly endpoint: string;
  readonly relationId: number;
  readonly database?: string | null;
  readonly username?: string | null;
  readonly endpoints?: string;
  readonly tls?: boolean | null;
  readonly caReceived?: boolean;
  readonly login?: { readonly ok: true; readonly user: string; readonly ssl: boolean } | { readonly ok: false; readonly code: string };
}

/** Watches one simulator model. */
export class ModelObserver {
  private readonly passwords = new Set<string>();
  private readonly outcomes: ActionOutcome[] = [];

  constructor(private readonly sim: Simulator) {}

  /** Every event record of `unit` (e.g. `client/0`), oldest first. */
  events(unit: string): EventRecord[] {
    const file = path.join(this.sim.modelDir, "units", unit.replace("/", "-"), "charm", "events.jsonl");
    if (!fs.existsSync(file)) return [];
    return fs
      .readFileSync(file, "utf8")
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => JSON.parse(l) as EventRecord);
  }

  /** The remote application databag of `unit`'s relation on `endpoint`. */
  remoteAppData(unit: string, endpoint: string): Record<string, string> {
    const info = this.sim.showUnit(unit)[unit]?.["relation-info"]?.find((r) => r.endpoint === endpoint);
    return { ...(info?.["application-data"] ?? {}) };
  }

  /** Passwords held by every secret revision of the model, in revision order per secret. */
  secretPasswords(): string[] {
    return this.sim.model.secrets.flatMap((s) => s.revisions.map((r) => r.content["password"]).filter((p): p is string => p !== undefined));
  }

  /** Remembers every password visible now (secrets, and the plaintext in `databags`), plus `extra`. */
  harvest(databags: readonly Record<string, string>[] = [], extra: readonly string[] = []): void {
    for (const p of this.secretPasswords()) this.passwords.add(p);
    for (const bag of databags) if (bag["password"] !== undefined) this.passwords.add(bag["password"]);
    for (const p of extra) if (p !== "") this.passwords.add(p);
  }

  /** Keeps an action outcome for the leak scan. */
  keep(outcome: ActionOutcome): ActionOutcome {
    this.outcomes.push(outcome);
    return outcome;
  }

  /** How many distinct passwords were harvested (the scan is void without any). */
  get passwordCount(): number {
    return this.passwords.size;
  }

  /**
   * Every place a secret must not appear, by name: each hook's stdout/stderr and tool-call argv
   * (juju-log messages included), unit statuses, the event records of `units`, action results and
   * logs, and, of the live model, `units`' controller state (stored state, deferred event
   * snapshots) and their own unit databags (the requirer engine's snapshot and digests).
   */
  places(units: readonly string[]): [name: string, text: string][] {
    const places: [string, string][] = [];
    for (const unit of units) {
      places.push([`controller state of ${unit}`, JSON.stringify(this.sim.model.units[unit]?.state ?? {})]);
      for (const rel of this.sim.model.relations) {
        const bag = rel.unitData[unit];
        if (bag !== undefined) places.push([`unit databag of ${unit} in relation ${rel.id}`, JSON.stringify(bag)]);
      }
    }
    for (const record of this.sim.log()) places.push([`hook #${record.seq} ${record.unit} ${record.hook}`, JSON.stringify({ out: record.stdout, err: record.stderr, calls: record.calls })]);
    places.push(["status", JSON.stringify(this.sim.status())]);
    for (const unit of units) places.push([`events of ${unit}`, JSON.stringify(this.events(unit))]);
    for (const o of this.outcomes) places.push([`action ${o.action} on ${o.unit}`, JSON.stringify({ r: o.results, l: o.log, m: o.message, out: o.stdout, err: o.stderr })]);
    return places;
  }

  /** Names of the {@link places} whose text contains `needle` (used as the scan's positive control). */
  placesContaining(units: readonly string[], needle: string): string[] {
    return this.places(units).filter(([, text]) => text.includes(needle)).map(([name]) => name);
  }

  /** Names of the {@link places} that contain any harvested password. */
  leaks(units: readonly string[]): string[] {
    return this.places(units).filter(([, text]) => [...this.passwords].some((p) => text.includes(p))).map(([name]) => name);
  }
}
