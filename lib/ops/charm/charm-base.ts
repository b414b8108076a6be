/** The base class of a charm. */
import type { ConfigValue } from "../backend.js";
import { InvalidArgumentError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { Model } from "../model/model.js";
import type { Application, Unit } from "../model/unit.js";
import { CHARM_SOURCE, type AnyHandler, type Framework } from "./framework.js";
import { classifyHookKind, type EventFor } from "./hook-kinds.js";
import type { CharmHookKind } from "./hook-names.js";
import type { JsonObject } from "./json.js";
import type { StoredState } from "./stored-state.js";

/**
 * Extend this, register handlers in {@link CharmBase.setup} (or the constructor), and pass the
 * class to `main()`. One instance handles exactly one hook.
 *
 * `M` and `A` are the types of the charm's metadata and actions when the charm has them as
 * objects (`class MyCharm extends CharmBase<typeof METADATA, typeof ACTIONS>`): `on` then takes
 * only the relation, action, container and storage names they declare. Left out, every name is
 * accepted (and the run-time check against metadata.yaml still refuses undeclared endpoints).
 */
export abstract class CharmBase<M = string, A = string> {
  /** The framework running this hook. */
  readonly framework: Framework;
  /** The model. */
  readonly model: Model;
  /** This unit. */
  readonly unit: Unit;
  /** This application. */
  readonly app: Application;
  /** The charm logger. */
  readonly log: Logger;

  constructor(framework: Framework) {
    this.framework = framework;
    this.model = framework.model;
    this.unit = framework.model.unit;
    this.app = framework.model.app;
    this.log = framework.log;
  }

  /** Charm config (read once, on first access). */
  get config(): Readonly<Record<string, ConfigValue>> {
    return this.model.config;
  }

  /** Called once by the framework after construction: register handlers here. */
  protected setup(): void {}

  /**
   * Observes a Juju event: lifecycle hooks, `<endpoint>-relation-*`, `secret-*`,
   * `<container>-pebble-*`, `<storage>-storage-*`, or `action:<name>`.
   */
  on<K extends CharmHookKind<M, A>>(hook: K, handler: (event: EventFor<K>) => void | Promise<void>): void {
    const family = classifyHookKind(hook);
    if (family === undefined) throw new InvalidArgumentError(`"${hook}" is not a Juju event kind`);
    const meta = this.framework.metadata;
    if (family.family === "relation" && meta !== undefined) {
      const declared = [...meta.peers, ...meta.requires, ...meta.provides];
      if (!declared.includes(family.endpoint)) {
        throw new InvalidArgumentError(`"${hook}": the charm's metadata declares no endpoint "${family.endpoint}"; fix the name or declare the endpoint in metadata.yaml`);
      }
    }
    this.framework.observe(CHARM_SOURCE, hook, handler as AnyHandler);
  }

  /** A JSON object persisted between hooks (in Juju's controller state), with defaults. */
  storedState<T extends JsonObject>(name: string, defaults: T): StoredState<T> {
    return this.framework.storedState(CHARM_SOURCE, name, defaults);
  }
}
