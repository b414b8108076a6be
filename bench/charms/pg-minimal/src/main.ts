// The charm's entry point: dispatch runs the bundle of this file for every hook.
import { main } from "../../../../lib/ops/index.js";
import { MinimalCharm } from "./charm.js";

void main(MinimalCharm);
