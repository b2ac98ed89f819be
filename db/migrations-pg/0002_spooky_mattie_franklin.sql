CREATE TABLE "bundle_logs" (
	"bundle_id" text NOT NULL,
	"seq" integer NOT NULL,
	"line_no" integer NOT NULL,
	"ts_us" bigint,
	"level" text NOT NULL,
	"msg" text NOT NULL,
	"attrs" jsonb NOT NULL,
	"trace_id" text,
	"span_id" text,
	CONSTRAINT "bundle_logs_bundle_id_seq_pk" PRIMARY KEY("bundle_id","seq")
);
--> statement-breakpoint
ALTER TABLE "bundle_logs" ADD CONSTRAINT "bundle_logs_bundle_id_bundles_id_fk" FOREIGN KEY ("bundle_id") REFERENCES "public"."bundles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bundle_logs_span_idx" ON "bundle_logs" USING btree ("bundle_id","span_id");--> statement-breakpoint
CREATE INDEX "bundle_logs_ts_idx" ON "bundle_logs" USING btree ("bundle_id","ts_us");