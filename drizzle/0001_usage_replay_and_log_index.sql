ALTER TABLE "usage_alerts" ADD COLUMN "event_id" bigint;--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "decision" jsonb;--> statement-breakpoint
ALTER TABLE "usage_alerts" ADD CONSTRAINT "usage_alerts_event_id_usage_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."usage_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "usage_events_account_id_id_idx" ON "usage_events" USING btree ("account_id","id");--> statement-breakpoint
ALTER TABLE "usage_events" ADD CONSTRAINT "usage_events_decision_check" CHECK ("usage_events"."kind" = 'usage' or "usage_events"."decision" is null);