import postgres, { type Sql } from "postgres";

/** Runs `work` on a single short-lived connection, for statements like CREATE DATABASE. */
export async function withAdminConnection<T>(
  adminUrl: string,
  work: (admin: Sql) => Promise<T>,
): Promise<T> {
  // `onnotice` hushes PostgreSQL's "does not exist, skipping" chatter from `if exists`.
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/** The same server and credentials as `adminUrl`, pointed at database `name`. */
export function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
