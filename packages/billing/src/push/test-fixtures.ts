import { type Database, subscriptions } from "@tally/db";
import { type FileDatabase, insertAccount, useTestDatabase } from "@tally/db/testing";
import { type JobsLogger, recordUsage } from "@tally/metering";
import { type StripeStandin, startStripeStandin } from "@tally/stripe-standin";
import { billingPeriodFor, coaching } from "@tally/tier-config";
import { afterAll, beforeAll } from "vitest";
import { type ClosePeriodResult, closePeriod } from "../close/close-period";
import { createStripeGateway, type StripeGatewayOptions } from "../stripe/create-stripe-gateway";
import type { StripeGateway } from "../stripe/stripe-gateway";
import { pushInvoice } from "./push-invoice";

/** The calling test file's database and a Stripe stand-in of its own. */
export interface BillingTestBed extends FileDatabase {
  readonly standin: StripeStandin;
}

/**
 * Registers the hooks that give the calling test file its own database and stand-in and take them
 * down afterwards. Call it at the top level of a test file; read it inside hooks and tests.
 */
export function useBillingTestBed(): BillingTestBed {
  const database = useTestDatabase();
  let standin: StripeStandin | undefined;
  beforeAll(async () => {
    standin = await startStripeStandin();
  });
  afterAll(async () => {
    await standin?.close();
  });
  return {
    get db() {
      return database.db;
    },
    get url() {
      return database.url;
    },
    get standin() {
      if (!standin) throw new Error("the stand-in starts in beforeAll; read it in a test");
      return standin;
    },
  };
}

/** The billing period the fixtures close: January 2026 for an account anchored on Jan 1. */
export const ANCHOR = new Date("2026-01-01T00:00:00Z");
export const DURING = new Date("2026-01-15T12:00:00Z");
export const AFTER = new Date("2026-02-02T00:00:00Z");

export interface UsageFixture {
  /** Seconds of AI voice beyond Growth's 18,000 (billed at 8 cents per started minute). */
  extraVoiceSeconds?: number;
  /** Coach calls beyond Growth's one (billed at $25 each). */
  extraCoachCalls?: number;
  name?: string;
}

/**
 * A Growth account with usage in January 2026, recorded through the metering engine, and its
 * January invoice closed by `closePeriod`: the base line ($79) plus one overage line per meter
 * used past its allowance.
 */
export async function closedGrowthInvoice(
  db: Database,
  usage: UsageFixture = {},
): Promise<ClosePeriodResult> {
  const accountId = await growthAccountWithUsage(db, usage);
  return closePeriod(db, coaching, { accountId, periodStart: ANCHOR, now: AFTER });
}

/** The same account and January usage, with the period left for a job to close. */
export async function growthAccountWithUsage(
  db: Database,
  { extraVoiceSeconds = 0, extraCoachCalls = 0, name }: UsageFixture = {},
): Promise<string> {
  const account = await insertAccount(db, name === undefined ? {} : { name });
  const period = billingPeriodFor({ anchor: ANCHOR, at: ANCHOR, interval: "month" });
  await db.insert(subscriptions).values({
    accountId: account.id,
    planId: "growth",
    status: "active",
    billingInterval: "month",
    billingAnchor: ANCHOR,
    currentPeriodStart: period.start,
    currentPeriodEnd: period.end,
  });
  const deps = { db, catalog: coaching };
  const usage = [
    { meterId: "ai_voice_seconds", quantity: 18_000 + extraVoiceSeconds },
    { meterId: "coach_calls", quantity: 1 + extraCoachCalls },
  ];
  for (const { meterId, quantity } of usage) {
    await recordUsage(deps, {
      accountId: account.id,
      meterId,
      quantity,
      idempotencyKey: `fixture-${meterId}`,
      now: DURING,
      mode: "measured",
    });
  }
  return account.id;
}

export interface LogLine {
  level: "info" | "warn" | "error";
  details: Record<string, unknown>;
  message: string;
}

/** A logger that keeps its lines, so a test can check what was reported loudly. */
export function recordingLogger(): JobsLogger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const record = (level: LogLine["level"]) => (details: object, message: string) => {
    lines.push({ level, details: { ...details }, message });
  };
  return { lines, info: record("info"), warn: record("warn"), error: record("error") };
}

/** A gateway on the stand-in with short waits, so retries and timeouts do not slow the tests. */
export function standinGateway(
  standin: StripeStandin,
  options: Partial<StripeGatewayOptions> = {},
): StripeGateway {
  return createStripeGateway({
    secretKey: standin.apiKey,
    apiBase: standin.url,
    maxRequestsPerSecond: 1000,
    timeoutMs: 500,
    backoffBaseMs: 5,
    backoffMaxMs: 50,
    ...options,
  });
}

/** What the stand-in holds for one ledger invoice, found by the metadata Tally put on it. */
export function stripeSideOf(standin: StripeStandin, invoiceId: string) {
  const state = standin.state();
  const stripeInvoices = state.invoices.filter(
    (invoice) => invoice.metadata?.tally_invoice_id === invoiceId,
  );
  const items = state.invoiceItems.filter((item) => item.metadata.tally_invoice_id === invoiceId);
  return { stripeInvoices, items };
}

/**
 * A push that dies after `step` reached Stripe, as a crashed process would (a gateway that gives up
 * at once): the request committed, its answer never reached the ledger. The SDK itself resends
 * once on a closed connection, so the fault is armed for more than one request. Resolves to what
 * the push threw.
 */
export async function pushDyingAt(
  bed: BillingTestBed,
  step: string,
  invoiceId: string,
): Promise<unknown> {
  bed.standin.faults.inject({ kind: "drop_after_commit", match: step, times: 5 });
  const thrown = await pushInvoice(bed.db, standinGateway(bed.standin, { maxAttempts: 1 }), {
    invoiceId,
    now: AFTER,
  }).then(
    () => undefined,
    (error: unknown) => error,
  );
  bed.standin.faults.clear();
  return thrown;
}
