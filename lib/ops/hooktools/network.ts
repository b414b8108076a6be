/** network-get (docs/juju-contract.md#network-and-port-tools). */
import { z } from "zod";
import type { NetworkInfo } from "../backend.js";
import { invokeToolJson } from "./invoke.js";
import type { ToolRunner } from "./runner.js";

// Juju < 2.9 wrote `address` where later versions write `value`; empty lists may be left out.
const Address = z.object({ value: z.string().optional(), address: z.string().optional(), cidr: z.string().optional() });
const BindAddress = z.object({ "interface-name": z.string().optional(), addresses: z.array(Address).nullable().optional() });
const NetworkOutput = z.object({
  "bind-addresses": z.array(BindAddress).nullable().optional(),
  "egress-subnets": z.array(z.string()).nullable().optional(),
  "ingress-addresses": z.array(z.string()).nullable().optional(),
});

/** `network-get --format=json [-r <int>] <binding-name>`. */
export function networkGet(run: ToolRunner, binding: string, relationId?: number): NetworkInfo {
  const argv = ["--format=json", ...(relationId === undefined ? [] : ["-r", String(relationId)]), binding];
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
