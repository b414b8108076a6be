// The charm's entry point: dispatch runs the bundle of this file for every hook and action.
import { main } from "charm-data-interfaces/ops";
import { WebAppCharm } from "./charm.js";

void main(WebAppCharm);
