import { spawnSync } from "node:child_process";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

// Fails when the schema changed without a migration: `drizzle-kit generate` is run for real and
// whatever it writes is reported, then removed again so the working tree is left as it was.

const packageDir = fileURLToPath(new URL("../..", import.meta.url));
const migrationsDir = fileURLToPath(new URL("../../../../drizzle", import.meta.url));
const journalPath = join(migrationsDir, "meta", "_journal.json");

async function listFiles(dir: string): Promise<Set<string>> {
  return new Set(await readdir(dir, { recursive: true }));
}

const before = await listFiles(migrationsDir);
const journal = await readFile(journalPath, "utf8");
let added: string[] = [];
let generated: Record<string, string> = {};
let failure: string | undefined;

try {
  const run = spawnSync(
    join(packageDir, "node_modules", ".bin", "drizzle-kit"),
    ["generate", "--name", "drift_check"],
    // No stdin: a schema change that needs an answer (a rename?) fails instead of waiting forever.
    { cwd: packageDir, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8", timeout: 120_000 },
  );
  if (run.error || run.status !== 0) {
    failure = [run.error?.message, run.stdout, run.stderr].filter(Boolean).join("\n");
  }
  added = [...(await listFiles(migrationsDir))].filter((file) => !before.has(file)).sort();
  const sqlFiles = added.filter((file) => file.endsWith(".sql"));
  generated = Object.fromEntries(
    await Promise.all(
      sqlFiles.map(async (file) => [file, await readFile(join(migrationsDir, file), "utf8")]),
    ),
  );
} finally {
  await Promise.all(added.map((file) => rm(join(migrationsDir, file), { force: true })));
  await writeFile(journalPath, journal);
}

if (failure !== undefined) {
  console.error(`drizzle-kit generate failed, so drift could not be checked:\n${failure}`);
  process.exit(1);
}
if (added.length > 0) {
  console.error(
    "Schema drift: packages/db/src/schema has changes that no migration in drizzle/ covers. " +
      "Run `pnpm db:generate --name <what-changed>` and commit the result.",
  );
  for (const [file, sql] of Object.entries(generated)) {
    console.error(`\n-- drizzle-kit would write ${file}:\n${sql}`);
  }
  process.exit(1);
}
console.log("No drift: the committed migrations match the schema.");
