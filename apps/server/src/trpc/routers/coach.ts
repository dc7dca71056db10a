import { z } from "zod";
import { COACH_CALLS_METER } from "../../catalog/coaching-meters";
import { accountProcedure, router } from "../init";
import { metered } from "../middleware/metered";

/** Human coach calls: one call is reserved when booked, and given back if booking fails. */
export const coachRouter = router({
  bookCall: accountProcedure
    .input(
      z
        .object({
          startsAt: z.coerce.date().optional(),
          note: z.string().max(500).optional(),
        })
        .default({}),
    )
    .use(metered({ meter: COACH_CALLS_METER, quantity: () => 1 }))
    .mutation(({ ctx, input }) => ({
      // Derived from the usage event, so a retry with the same Idempotency-Key books the same call.
      bookingId: `call_${ctx.usageEventId}`,
      startsAt: input.startsAt ?? null,
      usage: ctx.usage,
    })),
});
