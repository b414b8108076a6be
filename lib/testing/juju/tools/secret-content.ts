/**
 * Secret content and metadata as the secret-add / secret-set command lines carry them:
 * `key=value`, `key#file=<path>`, `key#base64=<b64>`, a `--file` YAML map, and the
 * `--label/--description/--expire/--rotate` flags.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";

import { parse } from "yaml";
import { z } from "zod";

import type { SecretRotatePolicy } from "../../../ops/index.js";
import { type FlagSpec, ToolFailure } from "../flags.js";

const KEY = /^[a-z](?:-?[a-z0-9]){2,}$/;
const ROTATE_POLICIES: readonly SecretRotatePolicy[] = ["never", "hourly", "daily", "weekly", "monthly", "quarterly", "yearly"];
const ContentFile = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));

/** Metadata flags shared by secret-add and secret-set. */
export const SECRET_METADATA_FLAGS: readonly FlagSpec[] = [
  { name: "label", kind: "string" },
  { name: "description", kind: "string" },
  { name: "expire", kind: "string", check: (v) => void expiryTime(v, new Date()) },
  {
    name: "rotate",
    kind: "string",
    check: (v) => {
      if (!(ROTATE_POLICIES as readonly string[]).includes(v)) throw new Error(`rotate policy must be one of ${ROTATE_POLICIES.join(", ")}`);
    },
  },
  { name: "owner", kind: "string", check: (v) => {
    if (v !== "application" && v !== "unit") throw new Error('owner must be "application" or "unit"');
  } },
  { name: "file", kind: "string" },
];

function checkKey(key: string): void {
  if (!KEY.test(key)) throw new ToolFailure(`key "${key}" not valid`, 2);
}

function readContentFile(path: string, stdin: string | undefined): Record<string, string> {
  let text: string;
  try {
    text = path === "-" ? (stdin ?? "") : readFileSync(path, "utf8");
  } catch (e) {
    throw new ToolFailure(`cannot read secret content file "${path}": ${(e as NodeJS.ErrnoException).code ?? "read error"}`, 2);
  }
  let raw: unknown;
  try {
    raw = parse(text);
  } catch {
    throw new ToolFailure(`cannot parse secret content file "${path}": not valid YAML`, 2);
  }
  const parsed = ContentFile.safeParse(raw);
  if (!parsed.success) throw new ToolFailure(`cannot parse secret content file "${path}": expected a map of string values`, 2);
  return Object.fromEntries(Object.entries(parsed.data).map(([k, v]) => [k, String(v)]));
}

/** Reads content from positional args and `--file`; `{}` when there is none. Values never appear in errors. */
export function secretContent(args: readonly string[], file: string | undefined, stdin: string | undefined): Record<string, string> {
  const out: Record<string, string> = file === undefined ? {} : readContentFile(file, stdin);
  for (const arg of args) {
    const eq = arg.indexOf("=");
    if (eq <= 0) throw new ToolFailure(`invalid key value: expected "key=value", "key#file=path" or "key#base64=value" (argument ${args.indexOf(arg) + 1})`, 2);
    const lhs = arg.slice(0, eq);
    const rhs = arg.slice(eq + 1);
    if (lhs.endsWith("#file")) {
      const key = lhs.slice(0, -"#file".length);
      checkKey(key);
      try {
        out[key] = readFileSync(rhs, "utf8");
      } catch (e) {
        throw new ToolFailure(`cannot read file for key "${key}": ${(e as NodeJS.ErrnoException).code ?? "read error"}`, 2);
      }
    } else if (lhs.endsWith("#base64")) {
      const key = lhs.slice(0, -"#base64".length);
      checkKey(key);
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(rhs)) throw new ToolFailure(`value of key "${key}" is not valid base64`, 2);
      out[key] = Buffer.from(rhs, "base64").toString("utf8");
    } else {
      checkKey(lhs);
      out[lhs] = rhs;
    }
  }
  for (const key of Object.keys(out)) checkKey(key);
  return out;
}

/** A new secret URI: `secret:` and 20 characters of Juju's xid alphabet (0-9, a-v). */
export function newSecretUri(): string {
  const alphabet = "0123456789abcdefghijklmnopqrstuv";
  const bytes = randomBytes(20);
  let id = "";
  for (const b of bytes) id += alphabet[b % 32];
  return `secret:${id}`;
}

const DURATION_UNITS_MS: Readonly<Record<string, number>> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, "µs": 0.001, ns: 0.000001 };

/**
 * The RFC 3339 time an `--expire` value means: an RFC 3339 time as is, a zone-less time as UTC,
 * or a Go duration (`24h`, `1h30m`) counted from `now`.
 */
export function expiryTime(value: string, now: Date): string {
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/.test(value)) {
    const zoned = /(Z|[+-]\d{2}:\d{2})$/.test(value) ? value : `${value}Z`;
    const t = Date.parse(zoned);
    if (Number.isNaN(t)) throw new Error("expected an RFC 3339 time or a duration such as 24h");
    return new Date(t).toISOString().replace(/\.000Z$/, "Z");
  }
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(h|ms|us|µs|ns|m|s)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== value) throw new Error("expected an RFC 3339 time or a duration such as 24h");
  const ms = parts.reduce((sum, p) => sum + Number(p[1]) * (DURATION_UNITS_MS[p[2] as string] ?? 0), 0);
  return new Date(now.getTime() + ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}
