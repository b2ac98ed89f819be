ALTER TABLE "spans" DROP CONSTRAINT "spans_bundle_id_bundles_id_fk";
--> statement-breakpoint
DROP INDEX "spans_pos_idx";--> statement-breakpoint
ALTER TABLE "spans" DROP CONSTRAINT "spans_bundle_id_seq_pk";--> statement-breakpoint
ALTER TABLE "spans" ALTER COLUMN "bundle_key" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "spans" ADD CONSTRAINT "spans_bundle_key_seq_pk" PRIMARY KEY("bundle_key","seq");--> statement-breakpoint
CREATE INDEX "spans_pos_idx" ON "spans" USING btree ("bundle_key","pos");--> statement-breakpoint
ALTER TABLE "spans" DROP COLUMN "bundle_id";