/**
 * Scans a secret-hygiene spool (see `output-spool.ts`): every recorded secret value against
 * every recorded text. A leak report names the source of the text and a masked form of the
 * value (its length and first two characters), never the value itself.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

import { z } from "zod";

import type { SpoolRecord } from "./output-spool.js";

/** Shorter values are not scanned: they occur in ordinary text by chance. */
export const MIN_SECRET_LENGTH = 8;

/** One secret value found in one recorded text. */
export interface Leak {
  /** Where the text was produced, e.g. `harness log myapp/0 (relation-changed)`. */
  readonly textSource: string;
  /** Where the secret value was seen. */
  readonly secretSource: string;
  /** `<length> chars, starts "ab"`: enough to find it, not enough to use it. */
  readonly masked: string;
}

/** What a scan found. */
export interface ScanReport {
  readonly files: number;
  readonly texts: number;
  readonly secretValues: number;
  readonly leaks: readonly Leak[];
}

const RecordSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("text"), source: z.string(), text: z.string() }),
  z.object({ kind: z.literal("secret"), source: z.string(), value: z.string() }),
]);

/** Masked form of a secret value for reports. */
export function maskSecret(value: string): string {
  return `${value.length} chars, starts "${value.slice(0, 2)}"`;
}

/** Reads every record of the spool in `dir` (a missing directory is an empty spool). */
export function readSpool(dir: string): { files: number; records: SpoolRecord[] } {
  if (!existsSync(dir)) return { files: 0, records: [] };
  const files = readdirSync(dir).filter((f) => f.endsWith(".jsonl"));
  const records: SpoolRecord[] = [];
  for (const f of files) {
    for (const line of readFileSync(join(dir, f), "utf8").split("\n")) {
      if (line.trim() === "") continue;
      const parsed = RecordSchema.safeParse(JSON.parse(line));
      if (parsed.success) records.push(parsed.data);
    }
  }
  return { files: files.length, records };
}

/** Scans records: each distinct secret value (at least MIN_SECRET_LENGTH long) against each text. */
export function scanRecords(records: readonly SpoolRecord[]): Omit<ScanReport, "files"> {
  const secrets = new Map<string, string>();
  const texts: { source: string; text: string }[] = [];
  for (const r of records) {
    if (r.kind === "secret") {
      if (r.value.length >= MIN_SECRET_LENGTH && !secrets.has(r.value)) secrets.set(r.value, r.source);
    } else texts.push({ source: r.source, text: r.text });
  }
  const leaks: Leak[] = [];
  const reported = new Set<string>();
  for (const { source, text } of texts) {
    for (const [value, secretSource] of secrets) {
      if (!text.includes(value)) continue;
      const key = `${source}\u0000${value}`;
      if (reported.has(key)) continue;
      reported.add(key);
      leaks.push({ textSource: source, secretSource, masked: maskSecret(value) });
    }
  }
  return { texts: texts.length, secretValues: secrets.size, leaks };
}

/** Scans the spool in `dir`. */
export function scanSpool(dir: string): ScanReport {
  const { files, records } = readSpool(dir);
  return { files, ...scanRecords(records) };
}

/** A human report of a scan (no secret values in it). */
export function describeScan(report: ScanReport): string {
  const head = `secret hygiene: ${report.texts} texts from ${report.files} spool files scanned for ${report.secretValues} secret values: ${report.leaks.length} leaks`;
  return [head, ...report.leaks.slice(0, 50).map((l) => `  LEAK in ${l.textSource}: secret (${l.masked}) seen in ${l.secretSource}`)].join("\n");
}
