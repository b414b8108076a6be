/** Workload statuses, as values: a name and a message. */
import type { SettableStatusName, StatusName } from "../backend.js";
import { InvalidArgumentError } from "../errors.js";

const SETTABLE: readonly string[] = ["active", "blocked", "maintenance", "waiting"] satisfies readonly SettableStatusName[];

/** A unit or application status. Compare with `name`; construct with the subclasses. */
export class StatusBase {
  /** The Juju status name. */
  readonly name: StatusName;
  /** The message shown next to it (never put secrets here). */
  readonly message: string;

  constructor(name: StatusName, message = "") {
    if (typeof message !== "string") throw new InvalidArgumentError("a status message must be a string");
    this.name = name;
    this.message = message;
  }

  /** Builds the matching subclass for a status read back from Juju. */
  static fromName(name: StatusName, message = ""): StatusBase {
    switch (name) {
      case "active":
        return new ActiveStatus(message);
      case "blocked":
        return new BlockedStatus(message);
      case "maintenance":
        return new MaintenanceStatus(message);
      case "waiting":
        return new WaitingStatus(message);
      case "error":
        return new ErrorStatus(message);
      case "unknown":
        return new UnknownStatus(message);
    }
  }

  /** True for statuses a charm may set (SettableStatusName). */
  get settable(): boolean {
    return SETTABLE.includes(this.name);
  }

  /** Equal name and message. */
  equals(other: StatusBase): boolean {
    return this.name === other.name && this.message === other.message;
  }

  /** `name: message` (or just `name`). */
  toString(): string {
    return this.message === "" ? this.name : `${this.name}: ${this.message}`;
  }
}

/** The workload is ready. */
export class ActiveStatus extends StatusBase {
  constructor(message = "") {
    super("active", message);
  }
}
/** A human has to act (e.g. relate a database). */
export class BlockedStatus extends StatusBase {
  constructor(message = "") {
    super("blocked", message);
  }
}
/** The charm is doing work on its own (installing, configuring). */
export class MaintenanceStatus extends StatusBase {
  constructor(message = "") {
    super("maintenance", message);
  }
}
/** The charm waits for something outside it (another application). */
export class WaitingStatus extends StatusBase {
  constructor(message = "") {
    super("waiting", message);
  }
}
/** Set by Juju when a hook failed; read-only. */
export class ErrorStatus extends StatusBase {
  constructor(message = "") {
    super("error", message);
  }
}
/** No status set yet; read-only. */
export class UnknownStatus extends StatusBase {
  constructor(message = "") {
    super("unknown", message);
  }
}

/** Narrows to a status a charm may set, or throws InvalidArgumentError. */
export function settableName(status: StatusBase): SettableStatusName {
  if (!status.settable) {
    throw new InvalidArgumentError(`status "${status.name}" cannot be set by a charm; use active, blocked, maintenance or waiting`);
  }
  return status.name as SettableStatusName;
}
