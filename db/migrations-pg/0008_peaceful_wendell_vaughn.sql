CREATE TABLE "share_jobs" (
	"id" text PRIMARY KEY NOT NULL,
	"bundle_id" text NOT NULL,
	"requester_id" text NOT NULL,
	"method" text NOT NULL,
	"recipient" text,
	"purpose" text,
	"state" text NOT NULL,
	"stage" text,
	"progress" double precision DEFAULT 0 NOT NULL,
	"bytes_done" bigint DEFAULT 0 NOT NULL,
	"bytes_total" bigint DEFAULT 0 NOT NULL,
	"object_name" text,
	"file_name" text NOT NULL,
	"size" bigint,
	"redactions" jsonb,
	"problem" text,
	"instance_id" text,
	"created_at" bigint NOT NULL,
	"started_at" bigint,
	"finished_at" bigint,
	"expires_at" bigint
);
--> statement-breakpoint
ALTER TABLE "share_jobs" ADD CONSTRAINT "share_jobs_requester_id_users_id_fk" FOREIGN KEY ("requester_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "share_jobs_bundle_idx" ON "share_jobs" USING btree ("bundle_id");--> statement-breakpoint
CREATE INDEX "share_jobs_state_idx" ON "share_jobs" USING btree ("state");