import { readFile } from "node:fs/promises";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, openDatabase, ping } from "./client";
import { createTestDatabase, type TestDatabase } from "./testing";

async function committedMigrationCount(): Promise<number> {
  const journalUrl = new URL("../../../drizzle/meta/_journal.json", import.meta.url);
  const journal: { entries: unknown[] } = JSON.parse(await readFile(journalUrl, "utf8"));
  return journal.entries.length;
}

describe("migrate on PostgreSQL", () => {
  let empty: TestDatabase;
  beforeAll(async () => {
    empty = await createTestDatabase({ empty: true });
  });
  afterAll(() => empty.drop());

  it("applies each migration once, even when several processes start at once", async () => {
    // Without the advisory lock the racing runs would collide on CREATE TABLE and fail.
    await Promise.all([migrate(empty.handle), migrate(empty.handle), migrate(empty.handle)]);
    await migrate(empty.handle);

    const applied = await empty.db.execute(sql`select id from drizzle.__drizzle_migrations`);
    expect(applied).toHaveLength(await committedMigrationCount());
  });
});

describe("ping", () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase();
  });
  afterAll(() => test.drop());

  it("is true while the database answers and false once it does not", async () => {
    const handle = await openDatabase({ url: test.url, max: 1 });
    expect(await ping(handle)).toBe(true);
    await handle.close();
    expect(await ping(handle)).toBe(false);
  });
});
