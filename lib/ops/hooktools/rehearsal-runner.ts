/**
 * The hook tools of a start-up snapshot's rehearsal (../charm/rehearsal.ts), answered from
 * memory: a leader unit with controller state, relations whose remote application answers
 * with data a library supplied, and secrets readable by URI or by the label a read gave them.
 * Nothing here spawns a process, touches a file or reaches Juju; writes only change this
 * object. A tool the rehearsal does not model fails the way Juju reports a failure (code 1,
 * `ERROR ...`), so the library code under rehearsal takes its error path.
 */
import type { ToolResult, ToolRunner } from "./runner.js";
import { formatRelationRef } from "./relation.js";

type Bag = Record<string, string>;

/** One relation of the rehearsal, with the databags as the tools see them. */
export interface RehearsalRelation {
  readonly endpoint: string;
  readonly id: number;
  readonly remoteApp: string;
  /** The remote application's databag. */
  remoteAppBag: Bag;
  readonly localAppBag: Bag;
  readonly localUnitBag: Bag;
}

const ok = (stdout = ""): ToolResult => ({ code: 0, stdout, stderr: "" });
const failed = (message: string): ToolResult => ({ code: 1, stdout: "", stderr: `ERROR ${message}\n` });
const json = (value: unknown): ToolResult => ok(`${JSON.stringify(value)}\n`);

/** Tools that only write what nobody reads back in a rehearsal. */
const ACCEPTED = new Set(["juju-log", "status-set", "application-version-set", "secret-grant", "secret-revoke", "secret-remove", "open-port", "close-port"]);

function merge(bag: Bag, stdin: string | undefined): void {
  const data = JSON.parse(stdin ?? "{}") as Bag;
  for (const [key, value] of Object.entries(data)) {
    if (value === "") delete bag[key];
    else bag[key] = value;
  }
}

/** The value after `flag` in `argv`. */
function after(argv: readonly string[], flag: string): string | undefined {
  const at = argv.indexOf(flag);
  return at < 0 ? undefined : argv[at + 1];
}

/** An in-memory {@link ToolRunner} for the rehearsal of a start-up snapshot. */
export class RehearsalRunner implements ToolRunner {
  private readonly state: Bag = {};
  private readonly relations = new Map<number, RehearsalRelation>();
  private readonly broken = new Set<number>();
  private readonly secrets = new Map<string, Bag>();
  private readonly labels = new Map<string, string>();
  /** Every tool asked for, in order (for tests: what the rehearsal exercised). */
  readonly calls: string[] = [];

  constructor(
    private readonly unitName: string,
    private readonly modelUuid: string,
  ) {}

  private get appName(): string {
    return this.unitName.slice(0, this.unitName.indexOf("/"));
  }

  /** Adds a live relation; its remote application has one unit, `<app>/0`. */
  addRelation(endpoint: string, id: number, remoteApp: string): RehearsalRelation {
    const rel: RehearsalRelation = { endpoint, id, remoteApp, remoteAppBag: {}, localAppBag: {}, localUnitBag: {} };
    this.relations.set(id, rel);
    return rel;
  }

  /** Removes a relation from `relation-ids` (as in relation-broken); its data stays readable. */
  removeRelation(id: number): void {
    this.broken.add(id);
  }

  /** Sets the content of secret `uri` (a new revision when it existed). */
  setSecret(uri: string, content: Readonly<Bag>): void {
    this.secrets.set(uri, { ...content });
  }

  private relationOf(argv: readonly string[]): RehearsalRelation | undefined {
    const ref = after(argv, "-r") ?? "";
    return this.relations.get(Number(ref.slice(ref.lastIndexOf(":") + 1)));
  }

  run(cmd: string, argv: readonly string[], stdin?: string): ToolResult {
    this.calls.push(cmd);
    if (ACCEPTED.has(cmd)) return ok();
    switch (cmd) {
      case "state-get":
        return json(this.state);
      case "state-set":
        merge(this.state, stdin);
        return ok();
      case "is-leader":
        return json(true);
      case "config-get":
        return json({});
      case "relation-ids":
        return json([...this.relations.values()].filter((r) => r.endpoint === argv[0] && !this.broken.has(r.id)).map(formatRelationRef));
      case "relation-model-get":
        return json({ uuid: this.modelUuid });
      case "secret-ids":
        return json([]);
      default:
        return this.relationTool(cmd, argv, stdin) ?? this.secretGet(cmd, argv) ?? failed(`${cmd} is not part of the start-up snapshot rehearsal`);
    }
  }

  private relationTool(cmd: string, argv: readonly string[], stdin: string | undefined): ToolResult | undefined {
    if (!cmd.startsWith("relation-")) return undefined;
    const rel = this.relationOf(argv);
    if (rel === undefined) return failed(`invalid value "${after(argv, "-r") ?? ""}" for option -r: relation not found`);
    const app = argv.includes("--app");
    if (cmd === "relation-list") return app ? json(rel.remoteApp) : json([`${rel.remoteApp}/0`]);
    if (cmd === "relation-set") {
      merge(app ? rel.localAppBag : rel.localUnitBag, stdin);
      return ok();
    }
    if (cmd !== "relation-get") return undefined;
    const owner = argv[argv.length - 1];
    if (owner === this.unitName) return json(rel.localUnitBag);
    if (owner === this.appName) return json(rel.localAppBag);
    if (owner === rel.remoteApp) return json(rel.remoteAppBag);
    return json({ "ingress-address": "192.0.2.10", "private-address": "192.0.2.10" });
  }

  private secretGet(cmd: string, argv: readonly string[]): ToolResult | undefined {
    if (cmd !== "secret-get") return undefined;
    const label = after(argv, "--label");
    const uri = argv.find((a) => a.startsWith("secret:")) ?? (label === undefined ? undefined : this.labels.get(label));
    const content = uri === undefined ? undefined : this.secrets.get(uri);
    if (uri === undefined || content === undefined) return failed("secret not found");
    if (label !== undefined) this.labels.set(label, uri);
    return json(content);
  }
}
