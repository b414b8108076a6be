// The charm's entry point: dispatch runs the bundle of this file for every hook and action.
import { main } from "../../../lib/ops/index.js";
import { DatabaseProviderCharm } from "./charm.js";

void main(DatabaseProviderCharm);
