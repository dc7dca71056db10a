import { randomUUID } from "node:crypto";
import { checkEntitlement } from "@tally/metering";
import { z } from "zod";
import { VOICE_SECONDS_METER } from "../../catalog/coaching-meters";
import { DetailedError } from "../errors";
import { accountProcedure, router } from "../init";
import { logDecision } from "../middleware/log-decision";
import { metered } from "../middleware/metered";
import { usageNotice } from "../middleware/usage-notice";
import { requireMeterId } from "../plan-id-input";
import { upgradeToFor } from "../upgrade-to";

/** A voice call longer than a day is a client bug, not usage. */
const MAX_SESSION_SECONDS = 86_400;

/**
 * AI voice sessions: the length is known only afterwards, so the start is a read-only check and
 * the end records the measured seconds (always, since the minutes were spent).
 */
export const voiceRouter = router({
  startSession: accountProcedure.mutation(async ({ ctx }) => {
    const meterId = requireMeterId(ctx.catalog, VOICE_SECONDS_METER);
    const check = await checkEntitlement(
      { db: ctx.db, catalog: ctx.catalog },
      { accountId: ctx.account.id, meterId, quantity: 1, now: ctx.now, state: ctx.accountState },
    );
    logDecision(ctx, { procedure: "voice.startSession", quantity: 1, result: check });
    if (check.outcome === "block") {
      throw new DetailedError({
        code: "TOO_MANY_REQUESTS",
        message: "No voice minutes remain on your plan",
        details: {
          reason: check.reason,
          meter: meterId,
          used: check.used,
          limit: check.hardLimit,
          resetsAt: check.resetsAt ? check.resetsAt.toISOString() : null,
          upgradeTo: upgradeToFor(ctx.catalog, ctx.plan.planId, meterId, check.used + 1),
        },
      });
    }
    return {
      sessionId: randomUUID(),
      /** Null when unlimited or billed past the allowance; the client may end the call then. */
      remainingSeconds: check.hardLimit === null ? null : check.remaining,
      usage: usageNotice(check),
    };
  }),

  /** Idempotent by the session id: a retried end never counts the call twice. */
  endSession: accountProcedure
    .input(
      z.object({
        sessionId: z.uuid(),
        seconds: z.int().positive().max(MAX_SESSION_SECONDS),
      }),
    )
    .use(
      metered({
        meter: VOICE_SECONDS_METER,
        quantity: (input) => input.seconds,
        mode: "measured",
        idempotencyKey: (input) => input.sessionId,
      }),
    )
    .mutation(({ ctx, input }) => ({
      sessionId: input.sessionId,
      recordedSeconds: input.seconds,
      usage: ctx.usage,
    })),
});
