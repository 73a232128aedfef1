// Every ```ts block of every README type-checks against the packages' sources, as a reader would paste it.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../", import.meta.url));

function readmes(): string[] {
  const inFolders = ["packages", "examples"].flatMap((folder) =>
    readdirSync(join(root, folder))
      .map((name) => join(folder, name, "README.md"))
      .filter((path) => exists(path)),
  );
  const docs = readdirSync(join(root, "docs"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => join("docs", name));
  return ["README.md", ...inFolders, ...docs];
}

function exists(path: string): boolean {
  try {
    readFileSync(join(root, path));
    return true;
  } catch {
    return false;
  }
}

interface Snippet {
  readme: string;
  block: number;
  line: number;
  file: string;
}

// An HTML comment on the line before a block: `<!-- not-checked: reason -->` skips it (for deliberately
// partial code only); `<!-- continues -->` checks it appended to the README's previous ts block.
const blockPattern =
  /(?:<!-- (not-checked: [^\n]*?|continues) -->\n)?```(?:ts|typescript)\n([\s\S]*?)```/g;

// Each README's blocks go below its own folder's node_modules, so `express`, `hono`, ... resolve to the
// versions that package is tested with, and `@heron-webhooks/*` to the sources (test/tsconfig.json paths).
const scratch = `.readme-snippets-${process.pid}`;
const snippets: Snippet[] = [];
const skipped: string[] = [];
for (const readme of readmes()) {
  const text = readFileSync(join(root, readme), "utf8");
  let block = 0;
  let previous = "";
  for (const match of text.matchAll(blockPattern)) {
    block += 1;
    const [, marker, code = ""] = match;
    if (marker?.startsWith("not-checked")) {
      skipped.push(`${readme} block ${block}: ${marker}`);
      continue;
    }
    const prefix = marker === "continues" ? previous : "";
    previous = `${prefix}${code}`;
    // Lines of the block in the README, counted from its first line in the written file.
    const line =
      text.slice(0, match.index).split("\n").length + (marker ? 1 : 0) - lineCount(prefix);
    const folder = join(root, dirname(readme), "node_modules", scratch);
    mkdirSync(folder, { recursive: true });
    const file = join(folder, `block-${block}.ts`);
    // `export {}` makes every block a module, so blocks never see each other's names.
    writeFileSync(file, `${prefix}${code}\nexport {};\n`);
    snippets.push({ readme, block, line, file });
  }
}

function lineCount(code: string): number {
  return code === "" ? 0 : code.split("\n").length - 1;
}

afterAll(() => {
  for (const folder of new Set(snippets.map((snippet) => dirname(snippet.file)))) {
    rmSync(folder, { recursive: true, force: true });
  }
});

function compilerOptions(): ts.CompilerOptions {
  const configPath = join(root, "test/tsconfig.json");
  const config = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, dirname(configPath));
  return { ...parsed.options, noEmit: true, noUnusedLocals: false };
}

describe("README TypeScript blocks", () => {
  it("finds blocks to check", () => {
    expect(snippets.length).toBeGreaterThan(10);
  });

  it("skips few blocks, each with its reason", () => {
    expect(skipped.length).toBeLessThanOrEqual(3);
    for (const entry of skipped) expect(entry).toMatch(/not-checked: \S/);
  });

  it("type-checks every block", { timeout: 120_000 }, () => {
    // One program for every block: the packages' sources are checked once, not once per block.
    const program = ts.createProgram(
      snippets.map((snippet) => snippet.file),
      compilerOptions(),
    );
    const failures: string[] = [];
    for (const snippet of snippets) {
      const source = program.getSourceFile(snippet.file);
      const diagnostics = source
        ? [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]
        : [];
      for (const diagnostic of diagnostics) {
        const { line } = diagnostic.file
          ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0)
          : { line: 0 };
        const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
        failures.push(
          `${snippet.readme}:${snippet.line + line + 1} (block ${snippet.block}): ${message}`,
        );
      }
    }
    expect(failures).toEqual([]);
  });
});
