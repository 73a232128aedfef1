import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export interface Vector {
  name: string;
  secret: string;
  body: string;
  signature: string;
  valid: boolean;
}

// Core's copy in the repository when it is there, else shared/ beside the repository.
const CANDIDATES = [
  new URL("../../../core/test/fixtures/heron-reference.json", import.meta.url),
  new URL("../../../../../shared/vectors/heron-reference.json", import.meta.url),
].map((url) => fileURLToPath(url));

export function loadVectors(): Vector[] {
  const path = CANDIDATES.find((candidate) => existsSync(candidate));
  if (!path)
    throw new Error(`Heron's reference vectors are missing: expected ${CANDIDATES.join(" or ")}`);
  return JSON.parse(readFileSync(path, "utf8")) as Vector[];
}
