ALTER TABLE "usage_alerts" DROP CONSTRAINT "usage_alerts_once_per_period_unique";--> statement-breakpoint
ALTER TABLE "usage_alerts" DROP CONSTRAINT "usage_alerts_kind_check";--> statement-breakpoint
ALTER TABLE "usage_alerts" ALTER COLUMN "meter_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "paid_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "usage_alerts" ADD COLUMN "invoice_id" uuid;--> statement-breakpoint
ALTER TABLE "usage_alerts" ADD CONSTRAINT "usage_alerts_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "invoices_unsent_idx" ON "invoices" USING btree ("period_end") WHERE "invoices"."status" = 'draft';--> statement-breakpoint
ALTER TABLE "usage_alerts" ADD CONSTRAINT "usage_alerts_once_per_period_unique" UNIQUE NULLS NOT DISTINCT("account_id","meter_id","period_start","kind","threshold_percent");--> statement-breakpoint
ALTER TABLE "usage_alerts" ADD CONSTRAINT "usage_alerts_meter_id_check" CHECK (("usage_alerts"."kind" = 'payment_failed') = ("usage_alerts"."meter_id" is null)
        and ("usage_alerts"."kind" = 'payment_failed') = ("usage_alerts"."invoice_id" is not null));--> statement-breakpoint
ALTER TABLE "usage_alerts" ADD CONSTRAINT "usage_alerts_kind_check" CHECK ("usage_alerts"."kind" in ('usage_threshold', 'overage_started', 'overage_cap_reached', 'payment_failed'));