import { randomBytes } from "node:crypto";
import { listAlerts, markAlertsRead } from "@tally/metering";
import { z } from "zod";
import { setWebhook } from "../../data/accounts";
import { DetailedError } from "../errors";
import { accountProcedure, router } from "../init";
import { requireRole, rolesThat } from "../roles";

/** A fresh signing secret; shown once to whoever set or rotated it. */
function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString("base64url")}`;
}

const webhookUrlInput = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).max(2000);

/** Usage alerts in the dashboard, and where the product's services receive them. */
export const alertsRouter = router({
  list: accountProcedure
    .input(
      z
        .object({
          unreadOnly: z.boolean().default(false),
          limit: z.int().min(1).max(100).default(50),
        })
        .default({ unreadOnly: false, limit: 50 }),
    )
    .query(({ ctx, input }) =>
      listAlerts(ctx.db, {
        accountId: ctx.account.id,
        unreadOnly: input.unreadOnly,
        limit: input.limit,
      }),
    ),

  /** Marks the account's own alerts read; ids of other accounts' alerts change nothing. */
  markRead: accountProcedure
    .input(z.object({ ids: z.array(z.uuid()).min(1).max(100) }))
    .mutation(({ ctx, input }) =>
      markAlertsRead(ctx.db, { accountId: ctx.account.id, ids: input.ids }),
    ),

  webhook: accountProcedure.query(({ ctx }) => ({
    url: ctx.account.webhookUrl,
    hasSecret: ctx.account.webhookSecret !== null,
  })),

  /** Sets (or with null clears) the URL; the first URL gets a secret, returned this once. */
  setWebhook: accountProcedure
    .input(z.object({ url: webhookUrlInput.nullable() }))
    .mutation(async ({ ctx, input }) => {
      requireRole(ctx, rolesThat.manageWebhooks);
      const secret = input.url === null ? null : (ctx.account.webhookSecret ?? newWebhookSecret());
      await setWebhook(ctx.db, { accountId: ctx.account.id, url: input.url, secret });
      const isNew = secret !== null && secret !== ctx.account.webhookSecret;
      return { url: input.url, secret: isNew ? secret : null };
    }),

  rotateWebhookSecret: accountProcedure.mutation(async ({ ctx }) => {
    requireRole(ctx, rolesThat.manageWebhooks);
    if (ctx.account.webhookUrl === null) {
      throw new DetailedError({
        code: "BAD_REQUEST",
        message: "Set a webhook URL first",
        details: { reason: "no_webhook" },
      });
    }
    const secret = newWebhookSecret();
    await setWebhook(ctx.db, { accountId: ctx.account.id, url: ctx.account.webhookUrl, secret });
    return { url: ctx.account.webhookUrl, secret };
  }),
});
