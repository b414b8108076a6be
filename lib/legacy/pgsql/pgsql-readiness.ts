/**
 * Readiness of a pgsql answer (docs/protocol.md#pgsql-readiness), as pure functions over databags so each rule is testable
 * on its own. A provider databag is ready for this unit when it mirrors the request back and
 * admits this unit's egress subnets (or lists this unit in `allowed-units`).
 */
import { PgsqlProviderDatabag, readCommaList, type PgsqlProvider } from "../../interfaces/index.js";
import type { PgsqlRequest } from "./pgsql-request.js";

/** One databag of the relation that may carry the answer: the remote app's or a remote unit's. */
export interface CandidateBag {
  /** `postgresql-k8s` (app bag) or `postgresql-k8s/0`. */
  readonly name: string;
  /** The raw databag. */
  readonly data: Readonly<Record<string, string>>;
}

/** A candidate decoded with the interface model, or the problems that made it unusable. */
export type DecodedCandidate =
  | {
      /** Whose databag: a unit name or the application name. */
      readonly name: string;
      /** The bag decoded. */
      readonly ok: true;
      /** The decoded bag. */
      readonly bag: PgsqlProvider;
    }
  | {
      /** Whose databag: a unit name or the application name. */
      readonly name: string;
      /** The bag did not decode. */
      readonly ok: false;
      /** What is wrong, secret-free. */
      readonly problems: string;
    };

/** This unit as the provider sees it. */
export interface LocalUnitView {
  /** The unit name, e.g. `myapp/0`. */
  readonly unitName: string;
  /** This unit's `egress-subnets` (comma list, from its own unit databag). */
  readonly egressSubnets: string | undefined;
}

/** Candidates sorted by name (the app bag sorts before its units), then decoded. */
export function decodeCandidates(bags: readonly CandidateBag[]): DecodedCandidate[] {
  return [...bags]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((c) => {
      const result = PgsqlProviderDatabag.decode(c.data);
      return result.ok ? { name: c.name, ok: true, bag: result.value } : { name: c.name, ok: false, problems: result.problems.map((p) => `${p.field}: ${p.problem}`).join("; ") };
    });
}

/**
 * Splits a comma list: trimmed, empties dropped (lib/interfaces' `readCommaList`, kept under this
 * name for callers of earlier versions). Juju writes `egress-subnets` as validated CIDRs joined by
 * "," and leaves the key out when there are none, so it holds no empty item; ops-lib-pgsql reads
 * it with the same lenient `_csplit`, which this matches.
 */
export const splitCsv: (value: string | undefined) => string[] = readCommaList;

function sameList(got: readonly string[] | undefined, need: readonly string[]): boolean {
  const a = [...new Set(got ?? [])].sort();
  const b = [...new Set(need)].sort();
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Why a bag is not ready, or undefined when it is. */
export function notReadyReason(bag: PgsqlProvider, want: PgsqlRequest, unit: LocalUnitView): string | undefined {
  // An empty requested database means "the provider's default": any answer is accepted.
  if (want.database !== undefined && (bag.database ?? "") !== want.database) return "database not mirrored yet";
  if (!sameList(bag.roles, want.roles)) return "roles not mirrored yet";
  if (!sameList(bag.extensions, want.extensions)) return "extensions not mirrored yet";
  const allowed = new Set(bag.allowedSubnets ?? []);
  const egress = readCommaList(unit.egressSubnets);
  if (egress.every((s) => allowed.has(s))) return undefined;
  if ((bag.allowedUnits ?? []).includes(unit.unitName)) return undefined;
  return "this unit's egress subnets are not in allowed-subnets yet";
}

/** Whether `bag` is ready for `unit` (docs/protocol.md#l-03). */
export function isReady(bag: PgsqlProvider, want: PgsqlRequest, unit: LocalUnitView): boolean {
  return notReadyReason(bag, want, unit) === undefined;
}

/** What the relation offers this unit: the first ready bag's `master` and the first ready bag's `standbys` (docs/protocol.md#l-04). */
export interface PgsqlSelection {
  /** The master connection string and the bag it came from. */
  readonly master:
    | {
        /** The libpq keyword/value string (contains the password). */
        readonly text: string;
        /** The bag it came from. */
        readonly from: string;
      }
    | undefined;
  /** The standby lines and the bag they came from. */
  readonly standbys:
    | {
        /** One libpq keyword/value string per standby (they contain the password). */
        readonly lines: readonly string[];
        /** The bag they came from. */
        readonly from: string;
      }
    | undefined;
}

/**
 * docs/protocol.md#l-04: master from the first candidate (name order) that has a non-empty `master` and is
 * ready; standbys likewise. `usable` lets the caller skip strings it cannot parse.
 */
export function selectConnections(
  candidates: readonly DecodedCandidate[],
  want: PgsqlRequest,
  unit: LocalUnitView,
  usable: (text: string) => boolean = () => true,
): PgsqlSelection {
  let master: PgsqlSelection["master"];
  let standbys: PgsqlSelection["standbys"];
  for (const c of candidates) {
    if (!c.ok || !isReady(c.bag, want, unit)) continue;
    if (master === undefined && c.bag.master !== undefined && c.bag.master !== "" && usable(c.bag.master)) master = { text: c.bag.master, from: c.name };
    const lines = (c.bag.standbys ?? []).filter(usable);
    if (standbys === undefined && lines.length > 0) standbys = { lines, from: c.name };
  }
  return { master, standbys };
}
