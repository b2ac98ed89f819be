CREATE TABLE "instances" (
	"id" text PRIMARY KEY NOT NULL,
	"host" text NOT NULL,
	"pid" integer NOT NULL,
	"role" text NOT NULL,
	"started_at" bigint NOT NULL,
	"heartbeat_at" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bundles" ADD COLUMN "parse_owner" text;--> statement-breakpoint
ALTER TABLE "ingest_jobs" ADD COLUMN "instance_id" text;