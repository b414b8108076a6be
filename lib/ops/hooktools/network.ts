/** network-get (docs/juju-contract.md#network-and-port-tools). */
import * as z from "zod/mini";
import "../../zod-english.js";
import type { NetworkInfo } from "../backend.js";
import { invokeToolJson, JSON_OUTPUT } from "./invoke.js";
import type { ToolRunner } from "./runner.js";

// Juju < 2.9 wrote `address` where later versions write `value`; empty lists may be left out.
const Address = z.object({ value: z.optional(z.string()), address: z.optional(z.string()), cidr: z.optional(z.string()) });
const BindAddress = z.object({ "interface-name": z.optional(z.string()), addresses: z.optional(z.nullable(z.array(Address))) });
const NetworkOutput = z.object({
  "bind-addresses": z.optional(z.nullable(z.array(BindAddress))),
  "egress-subnets": z.optional(z.nullable(z.array(z.string()))),
  "ingress-addresses": z.optional(z.nullable(z.array(z.string()))),
});

/** `network-get --format=json [-r <int>] <binding-name>`. */
export function networkGet(run: ToolRunner, binding: string, relationId?: number): NetworkInfo {
  const argv = [JSON_OUTPUT, ...(relationId === undefined ? [] : ["-r", String(relationId)]), binding];
  const out = invokeToolJson(run, "network-get", argv, NetworkOutput);
  return {
    bindAddresses: (out["bind-addresses"] ?? []).map((b) => ({
      interfaceName: b["interface-name"] ?? "",
      addresses: (b.addresses ?? []).map((a) => ({ value: a.value ?? a.address ?? "", cidr: a.cidr ?? "" })),
    })),
    egressSubnets: out["egress-subnets"] ?? [],
    ingressAddresses: out["ingress-addresses"] ?? [],
  };
}
