import { randomBytes } from "node:crypto";
import { type DatabaseHandle, migrate, openDatabase } from "@tally/db/client";
import postgres from "postgres";

export interface BenchDatabase {
  name: string;
  url: string;
  handle: DatabaseHandle;
  drop(): Promise<void>;
}

/** The URL of another database on the server `adminUrl` points at. */
function databaseUrlFor(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * A freshly created and migrated database of its own (`tally_bench_<random>`), so a benchmark never
 * touches anyone's data; `drop` removes it, forcing out any connection left behind.
 */
export async function createBenchDatabase(adminUrl: string): Promise<BenchDatabase> {
  const name = `tally_bench_${randomBytes(4).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin`create database ${admin(name)}`;
  } finally {
    await admin.end();
  }
  const url = databaseUrlFor(adminUrl, name);
  const handle = await openDatabase({ url, max: 10 });
  await migrate(handle);
  return {
    name,
    url,
    handle,
    drop: async () => {
      await handle.close();
      const dropper = postgres(adminUrl, { max: 1, onnotice: () => {} });
      try {
        await dropper`drop database if exists ${dropper(name)} with (force)`;
      } finally {
        await dropper.end();
      }
    },
  };
}
