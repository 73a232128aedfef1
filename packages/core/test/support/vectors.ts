import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export interface Vector {
  name: string;
  secret: string;
  body: string;
  signature: string;
  valid: boolean;
}

// A copy of Heron's reference vectors, kept in the repo so the tests need nothing beside it.
const VECTORS_PATH = fileURLToPath(new URL("../fixtures/heron-reference.json", import.meta.url));

export function loadVectors(): Vector[] {
  if (!existsSync(VECTORS_PATH)) {
    throw new Error(`Heron's reference vectors are missing: expected ${VECTORS_PATH}`);
  }
  return JSON.parse(readFileSync(VECTORS_PATH, "utf8")) as Vector[];
}
