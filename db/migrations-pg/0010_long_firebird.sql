CREATE TABLE "sla_day_rollups" (
	"day" integer NOT NULL,
	"severity" integer NOT NULL,
	"policy" text NOT NULL,
	"fingerprint" text NOT NULL,
	"summary" text NOT NULL,
	CONSTRAINT "sla_day_rollups_day_severity_pk" PRIMARY KEY("day","severity")
);
