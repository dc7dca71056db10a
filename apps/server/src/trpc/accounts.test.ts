import { accountMembers, subscriptions } from "@tally/db";
import { createTestDatabase, type TestDatabase } from "@tally/db/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../testing/test-app";

let database: TestDatabase;
let server: TestApp;

beforeAll(async () => {
  database = await createTestDatabase();
  server = createTestApp(database);
});

afterAll(() => database.drop());

describe("sign-up", () => {
  it("creates the user and a personal account on the default plan, owned by the user", async () => {
    const user = await server.signUp({ name: "Grace" });
    const members = await database.db
      .select()
      .from(accountMembers)
      .where(eq(accountMembers.accountId, user.accountId));
    expect(members).toEqual([expect.objectContaining({ userId: user.userId, role: "owner" })]);
    const [subscription] = await database.db
      .select()
      .from(subscriptions)
      .where(eq(subscriptions.accountId, user.accountId));
    expect(subscription?.planId).toBe("free");
    const current = await (await server.callerOf(user)).accounts.current();
    expect(current).toMatchObject({
      role: "owner",
      subscription: { plan: { id: "free", name: "Free", level: 0 }, status: "active" },
    });
  });

  it("makes the emails in TALLY_ADMIN_EMAILS platform admins", async () => {
    const admin = await server.signUp({ email: "admin@test.tally.dev" });
    await expect((await server.callerOf(admin)).admin.statistics()).resolves.toBeDefined();
  });
});

describe("accounts and members", () => {
  it("lets a member of two accounts switch between them, and only between those", async () => {
    const owner = await server.signUp();
    const colleague = await server.signUp();
    const ownerCaller = await server.callerOf(owner);
    await ownerCaller.accounts.addMember({ email: colleague.email, role: "member" });

    const caller = await server.callerOf(colleague);
    expect((await caller.accounts.list()).map((entry) => [entry.accountId, entry.active])).toEqual([
      [colleague.accountId, true],
      [owner.accountId, false],
    ]);
    await caller.accounts.switch({ accountId: owner.accountId });
    const switched = await server.callerOf(colleague);
    expect(await switched.accounts.current()).toMatchObject({
      account: { id: owner.accountId },
      role: "member",
    });

    // Removed from the account, the session falls back to one the user still belongs to.
    await ownerCaller.accounts.removeMember({ userId: colleague.userId });
    expect((await (await server.callerOf(colleague)).accounts.current()).account.id).toBe(
      colleague.accountId,
    );
  });

  it("lets only owners and admins manage members, and keeps the last owner", async () => {
    const owner = await server.signUp();
    const member = await server.signUp();
    const ownerCaller = await server.callerOf(owner);
    await ownerCaller.accounts.addMember({ email: member.email, role: "billing" });
    const memberCaller = await server.callerOf(member);
    await memberCaller.accounts.switch({ accountId: owner.accountId });
    await expect(
      (await server.callerOf(member)).accounts.addMember({ email: owner.email, role: "member" }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringContaining("owner or admin"),
    });
    await expect(ownerCaller.accounts.removeMember({ userId: owner.userId })).rejects.toMatchObject(
      {
        code: "BAD_REQUEST",
        message: "An account needs at least one owner",
      },
    );
    expect((await ownerCaller.accounts.members()).map((entry) => entry.role).sort()).toEqual([
      "billing",
      "owner",
    ]);
  });
});

describe("API keys", () => {
  it("shows the secret once, lists the prefix and last use, and authenticates as the account", async () => {
    const owner = await server.signUp();
    const caller = await server.callerOf(owner);
    const created = await caller.accounts.createApiKey({ name: "voice backend" });
    expect(created.secret).toMatch(/^tly_[0-9A-Za-z]{40}$/);
    expect(created.secret.startsWith(created.prefix)).toBe(true);

    const { caller: service } = await server.callerWith({
      authorization: `Bearer ${created.secret}`,
    });
    expect((await service.accounts.current()).account.id).toBe(owner.accountId);
    expect(
      (
        await service.usage.record({
          meter: "ai_voice_seconds",
          quantity: 42,
          idempotencyKey: "k1",
        })
      ).usage.used,
    ).toBe(42);

    const [listed] = await caller.accounts.apiKeys();
    expect(listed).toMatchObject({
      name: "voice backend",
      prefix: created.prefix,
      revokedAt: null,
    });
    expect(listed?.lastUsedAt).toBeInstanceOf(Date);
    expect(JSON.stringify(await caller.accounts.apiKeys())).not.toContain(created.secret);
  });

  it("refuses a revoked key with a message that says so", async () => {
    const owner = await server.signUp();
    const caller = await server.callerOf(owner);
    const created = await caller.accounts.createApiKey({ name: "old" });
    await caller.accounts.revokeApiKey({ id: created.id });
    const { caller: service } = await server.callerWith({
      authorization: `Bearer ${created.secret}`,
    });
    await expect(service.usage.summary()).rejects.toMatchObject({
      code: "UNAUTHORIZED",
      message: expect.stringContaining("revoked"),
    });
  });
});
