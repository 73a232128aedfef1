// The signature properties against core's build, on whichever runtime runs this file.
import { signatureProperties } from "../support/signature-properties.mjs";
import { check, finish } from "./harness.mjs";
import { core } from "./load-core.mjs";

for (const [name, run] of signatureProperties(core)) await check(name, run);

finish();
