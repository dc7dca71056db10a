import {
  accountMembers,
  accounts,
  type Database,
  subscriptionEvents,
  subscriptions,
} from "@tally/db";
import { createTestDatabase, type TestDatabase } from "@tally/db/testing";
import { assistant, coaching, reports } from "@tally/tier-config";
import { asc, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MeteringError } from "../errors";
import { createAccount } from "./create-account";
import { insertUser } from "./test-fixtures";

let test: TestDatabase;
let db: Database;
beforeAll(async () => {
  test = await createTestDatabase();
  db = test.db;
});
afterAll(() => test.drop());

const NOW = new Date("2025-03-31T12:00:00Z");

async function rowCounts() {
  const [[a], [s], [e]] = await Promise.all([
    db.select({ n: count() }).from(accounts),
    db.select({ n: count() }).from(subscriptions),
    db.select({ n: count() }).from(subscriptionEvents),
  ]);
  return { accounts: a?.n, subscriptions: s?.n, events: e?.n };
}

describe("createAccount", () => {
  it("creates the account, its owner and a subscription on the default plan, anchored now", async () => {
    const owner = await insertUser(db);
    const { account, subscription } = await createAccount(db, coaching, {
      name: "  Zoë's Coaching Studio  ",
      ownerUserId: owner.id,
      now: NOW,
    });

    expect(account).toMatchObject({ name: "Zoë's Coaching Studio", ownerUserId: owner.id });
    expect(account.slug).toMatch(/^zoe-s-coaching-studio-[0-9a-f]{8}$/);
    expect(subscription).toMatchObject({
      planId: "free",
      status: "active",
      billingInterval: "month",
      billingAnchor: NOW,
      currentPeriodStart: NOW,
      // A month from Mar 31 clamps to Apr 30.
      currentPeriodEnd: new Date("2025-04-30T12:00:00Z"),
      trialEndsAt: null,
    });
    const members = await db
      .select()
      .from(accountMembers)
      .where(eq(accountMembers.accountId, account.id));
    expect(members).toMatchObject([{ userId: owner.id, role: "owner" }]);
    const events = await db
      .select()
      .from(subscriptionEvents)
      .where(eq(subscriptionEvents.accountId, account.id));
    expect(events).toMatchObject([
      {
        action: "created",
        fromPlanId: null,
        toPlanId: "free",
        toStatus: "active",
        actorUserId: owner.id,
      },
    ]);
  });

  it("starts a trial on a plan with trial days", async () => {
    const owner = await insertUser(db);
    const { account, subscription } = await createAccount(db, assistant, {
      name: "Trial",
      ownerUserId: owner.id,
      now: NOW,
    });
    expect(subscription).toMatchObject({
      planId: "trial",
      status: "trialing",
      trialEndsAt: new Date("2025-04-07T12:00:00Z"),
    });
    const events = await db
      .select({ action: subscriptionEvents.action })
      .from(subscriptionEvents)
      .where(eq(subscriptionEvents.accountId, account.id))
      .orderBy(asc(subscriptionEvents.createdAt));
    expect(events.map((event) => event.action)).toEqual(["created", "trial_started"]);
  });

  it("links a sponsor account, which must exist", async () => {
    const owner = await insertUser(db);
    const sponsor = await createAccount(db, reports, {
      name: "Sponsor",
      ownerUserId: owner.id,
      now: NOW,
    });
    const { account } = await createAccount(db, reports, {
      name: "Sponsored",
      ownerUserId: owner.id,
      planId: "sponsored_free",
      sponsorAccountId: sponsor.account.id,
      now: NOW,
    });
    expect(account.sponsorAccountId).toBe(sponsor.account.id);

    const before = await rowCounts();
    for (const sponsorAccountId of ["00000000-0000-4000-8000-000000000000", "not-a-uuid"]) {
      const refused = createAccount(db, reports, {
        name: "Orphan",
        ownerUserId: owner.id,
        sponsorAccountId,
        now: NOW,
      });
      await expect(refused).rejects.toMatchObject({
        code: "not_found",
        details: { sponsorAccountId },
      });
    }
    expect(await rowCounts()).toEqual(before);
  });

  it("refuses bad input with a MeteringError and writes nothing", async () => {
    const owner = await insertUser(db);
    await createAccount(db, coaching, {
      name: "Taken",
      slug: "taken",
      ownerUserId: owner.id,
      now: NOW,
    });
    const before = await rowCounts();

    const attempts: [Parameters<typeof createAccount>[2], string][] = [
      [{ name: "X", ownerUserId: owner.id, planId: "platinum", now: NOW }, "unknown_plan"],
      [{ name: "   ", ownerUserId: owner.id, now: NOW }, "invalid_input"],
      [{ name: "X", slug: "Not A Slug", ownerUserId: owner.id, now: NOW }, "invalid_input"],
      [{ name: "X", slug: "taken", ownerUserId: owner.id, now: NOW }, "invalid_input"],
      [{ name: "X", ownerUserId: "no-such-user", now: NOW }, "not_found"],
    ];
    for (const [input, code] of attempts) {
      const error = await createAccount(db, coaching, input).then(
        () => undefined,
        (rejection: unknown) => rejection,
      );
      expect(error).toBeInstanceOf(MeteringError);
      expect(error).toMatchObject({ code });
    }
    expect(await rowCounts()).toEqual(before);
  });
});
