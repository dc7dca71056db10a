import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

const SECRET_FILE = "auth-secret";

/**
 * The secret that signs session cookies: BETTER_AUTH_SECRET when set (env.ts requires it in
 * production), else one generated on first start and kept in the data directory, so sessions
 * survive restarts and every local process started from the same directory agrees on it.
 */
export async function resolveAuthSecret(
  configured: string | undefined,
  dataDir: string,
): Promise<string> {
  if (configured) return configured;
  const path = join(dataDir, SECRET_FILE);
  const existing = await readSecret(path);
  if (existing) return existing;
  await mkdir(dataDir, { recursive: true });
  try {
    // `wx` fails when another process won the race to create it; then its secret is the one.
    await writeFile(path, randomBytes(32).toString("base64url"), { flag: "wx", mode: 0o600 });
  } catch (error) {
    if (!(error instanceof Error && "code" in error && error.code === "EEXIST")) throw error;
  }
  const written = await readSecret(path);
  if (!written) throw new Error(`could not read the generated auth secret at ${path}`);
  return written;
}

async function readSecret(path: string): Promise<string | null> {
  try {
    const secret = (await readFile(path, "utf8")).trim();
    return secret === "" ? null : secret;
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "ENOENT") return null;
    throw error;
  }
}
