import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Metric time series, kept as rollups at minute, hour and day resolution (UTC buckets) so that dashboards
 * and series never scan raw sessions, plus running totals (resolution `total`, bucket `infinity`, never
 * dropped by retention) that Prometheus reads as counters. Triggers fold every finished session, every inserted error and
 * every metric sample into them in the same transaction that stores it, whichever process stores it:
 * nothing can be counted twice or lost between the write and the rollup.
 *
 * Every observation of an integration's entity is also counted in the row of all integrations
 * (integration_id NULL, entity_type ''), where system-wide metrics such as the queue depth live too: the
 * dashboard and unfiltered series read one row per bucket instead of merging one per integration.
 *
 * Each rollup row holds count, sum, min, max, the time of its latest observation (so the `total` row of
 * completed sessions tells an entity's last success without reading its history), and for `_ms` metrics a sparse histogram
 * (`{"bucket": count}`, buckets as `histogramBucket` in libs/contracts) that percentiles are read from.
 * `metric_rollups_absorb` is the one statement that writes rollups; it upserts in key order, so
 * concurrent writers lock rows in the same order and cannot deadlock.
 */
export class MetricRollups1795700000000 implements MigrationInterface {
  name = 'MetricRollups1795700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "metric_rollups" (
         "metric" text NOT NULL,
         "resolution" text NOT NULL CHECK ("resolution" IN ('minute', 'hour', 'day', 'total')),
         "bucket" TIMESTAMP WITH TIME ZONE NOT NULL,
         "integration_id" uuid REFERENCES "integrations"("id") ON DELETE CASCADE,
         "entity_type" text NOT NULL DEFAULT '',
         "dimension" text NOT NULL DEFAULT '',
         "count" bigint NOT NULL,
         "sum" double precision NOT NULL,
         "min" double precision NOT NULL,
         "max" double precision NOT NULL,
         "last_at" TIMESTAMP WITH TIME ZONE NOT NULL,
         "histogram" jsonb,
         CONSTRAINT "metric_rollups_series" UNIQUE NULLS NOT DISTINCT
           ("metric", "resolution", "integration_id", "entity_type", "dimension", "bucket"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "metric_rollups_across_integrations" ON "metric_rollups" ("metric", "resolution", "bucket")`,
    );
    await queryRunner.query(
      `CREATE TYPE "metric_observation" AS ("metric" text, "dimension" text, "integration_id" uuid, "entity_type" text, "at" timestamptz, "value" double precision)`,
    );
    await queryRunner.query(
      `CREATE FUNCTION "metric_histogram_bucket"(v double precision) RETURNS int
       LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
       DECLARE k int;
       BEGIN
         IF v IS NULL OR v <= 1 THEN RETURN 1; END IF;
         k := ceil(4 * ln(v) / ln(2));
         IF power(2::float8, k / 4::float8) < v THEN k := k + 1;
         ELSIF power(2::float8, (k - 1) / 4::float8) >= v THEN k := k - 1;
         END IF;
         RETURN least(128, 1 + k);
       END $$`,
    );
    await queryRunner.query(
      `CREATE FUNCTION "metric_histogram_step"(histogram jsonb, v double precision) RETURNS jsonb
       LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
         SELECT jsonb_set(histogram, ARRAY[b], to_jsonb(coalesce((histogram ->> b)::bigint, 0) + 1))
         FROM (SELECT metric_histogram_bucket(v)::text AS b) AS bucket
       $$`,
    );
    await queryRunner.query(
      `CREATE AGGREGATE "metric_histogram"(double precision) (SFUNC = metric_histogram_step, STYPE = jsonb, INITCOND = '{}')`,
    );
    await queryRunner.query(
      `CREATE FUNCTION "metric_histogram_add"(a jsonb, b jsonb) RETURNS jsonb
       LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
         SELECT CASE WHEN a IS NULL THEN b WHEN b IS NULL THEN a ELSE (
           SELECT jsonb_object_agg(key, total) FROM (
             SELECT key, sum(value::bigint) AS total
             FROM (SELECT * FROM jsonb_each_text(a) UNION ALL SELECT * FROM jsonb_each_text(b)) AS both_sides
             GROUP BY key) AS merged) END
       $$`,
    );
    await queryRunner.query(
      `CREATE FUNCTION "metric_histogram_merge"(histograms jsonb[]) RETURNS jsonb
       LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
         SELECT jsonb_object_agg(key, total) FROM (
           SELECT bucket.key, sum(bucket.value::bigint) AS total
           FROM unnest(histograms) AS histogram, jsonb_each_text(histogram) AS bucket
           GROUP BY bucket.key) AS merged
       $$`,
    );
    // Collects, then merges once, set-based: merging pairwise rebuilt a jsonb object per row.
    await queryRunner.query(
      `CREATE AGGREGATE "metric_histogram_sum"(jsonb) (SFUNC = array_append, STYPE = jsonb[], FINALFUNC = metric_histogram_merge)`,
    );
    await queryRunner.query(
      `CREATE FUNCTION "metric_rollups_absorb"(observations metric_observation[]) RETURNS void
       LANGUAGE sql AS $$
         INSERT INTO metric_rollups AS r
           (metric, resolution, bucket, integration_id, entity_type, dimension, count, sum, min, max, last_at, histogram)
         SELECT o.metric, res.resolution,
                CASE WHEN res.resolution = 'total' THEN 'infinity' ELSE date_trunc(res.resolution, o.at, 'UTC') END,
                o.integration_id,
                o.entity_type, o.dimension, count(*), sum(o.value), min(o.value), max(o.value), max(o.at),
                CASE WHEN o.metric LIKE '%\\_ms' THEN metric_histogram(o.value) END
         FROM (SELECT * FROM unnest(observations)
               UNION ALL
               SELECT metric, dimension, NULL, '', at, value FROM unnest(observations) WHERE integration_id IS NOT NULL
              ) AS o
         CROSS JOIN (VALUES ('minute'), ('hour'), ('day'), ('total')) AS res(resolution)
         WHERE o.value IS NOT NULL
         GROUP BY 1, 2, 3, 4, 5, 6
         ORDER BY 1, 2, 3, 4, 5, 6
         ON CONFLICT ON CONSTRAINT metric_rollups_series DO UPDATE SET
           count = r.count + excluded.count,
           sum = r.sum + excluded.sum,
           min = least(r.min, excluded.min),
           max = greatest(r.max, excluded.max),
           last_at = greatest(r.last_at, excluded.last_at),
           histogram = metric_histogram_add(r.histogram, excluded.histogram)
       $$`,
    );
    // What a finished session contributes; counters only when non-zero, so a quiet run adds no rows.
    await queryRunner.query(
      `CREATE FUNCTION "session_observations"(s sync_sessions) RETURNS SETOF metric_observation
       LANGUAGE sql STABLE AS $$
         SELECT ROW(m.metric, m.dimension, s.integration_id, s.entity_type, s.finished_at, m.value)::metric_observation
         FROM (
           VALUES ('sessions', s.status::text, 1::float8),
                  ('sync_duration_ms', s.status::text,
                   (1000 * extract(epoch FROM s.finished_at - coalesce(s.started_at, s.created_at)))::float8),
                  ('records_processed', '', nullif(s.processed, 0)::float8),
                  ('records_failed', '', nullif(s.failed, 0)::float8),
                  ('conflicts', '', nullif(s.conflicts, 0)::float8)
           UNION ALL
           SELECT 'phase_duration_ms', stage.key, stage.value::float8 FROM jsonb_each_text(s.phase_timings) AS stage
         ) AS m(metric, dimension, value)
         WHERE s.finished_at IS NOT NULL
       $$`,
    );
    await queryRunner.query(
      `CREATE FUNCTION "sync_sessions_roll_up"() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         PERFORM metric_rollups_absorb(ARRAY(SELECT session_observations(NEW)));
         RETURN NULL;
       END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "sync_sessions_roll_up_finished" AFTER UPDATE OF "status" ON "sync_sessions" FOR EACH ROW
       WHEN (OLD."status" IN ('queued', 'running') AND NEW."status" NOT IN ('queued', 'running'))
       EXECUTE FUNCTION "sync_sessions_roll_up"()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "sync_sessions_roll_up_reported_finished" AFTER INSERT ON "sync_sessions" FOR EACH ROW
       WHEN (NEW."status" NOT IN ('queued', 'running'))
       EXECUTE FUNCTION "sync_sessions_roll_up"()`,
    );
    await queryRunner.query(
      `CREATE FUNCTION "error_observations"(errors sync_errors[]) RETURNS SETOF metric_observation
       LANGUAGE sql STABLE AS $$
         SELECT ROW('errors', e.category::text, e.integration_id, s.entity_type, e.created_at, 1)::metric_observation
         FROM unnest(errors) AS e JOIN sync_sessions AS s ON s.id = e.session_id
       $$`,
    );
    await queryRunner.query(
      `CREATE FUNCTION "sample_observations"(samples sync_metric_samples[]) RETURNS SETOF metric_observation
       LANGUAGE sql STABLE AS $$
         SELECT ROW(m.name::text, CASE WHEN m.name = 'phase_duration_ms' THEN coalesce(m.labels ->> 'stage', '') ELSE '' END,
                    m.integration_id, s.entity_type, m.recorded_at, m.value)::metric_observation
         FROM unnest(samples) AS m JOIN sync_sessions AS s ON s.id = m.session_id
       $$`,
    );
    await queryRunner.query(
      `CREATE FUNCTION "sync_errors_roll_up"() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         PERFORM metric_rollups_absorb(ARRAY(SELECT error_observations(ARRAY(SELECT e::sync_errors FROM added AS e))));
         RETURN NULL;
       END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "sync_errors_roll_up" AFTER INSERT ON "sync_errors" REFERENCING NEW TABLE AS added
       FOR EACH STATEMENT EXECUTE FUNCTION "sync_errors_roll_up"()`,
    );
    await queryRunner.query(
      `CREATE FUNCTION "sync_metric_samples_roll_up"() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         PERFORM metric_rollups_absorb(ARRAY(SELECT sample_observations(ARRAY(SELECT m::sync_metric_samples FROM added AS m))));
         RETURN NULL;
       END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "sync_metric_samples_roll_up" AFTER INSERT ON "sync_metric_samples" REFERENCING NEW TABLE AS added
       FOR EACH STATEMENT EXECUTE FUNCTION "sync_metric_samples_roll_up"()`,
    );
    await queryRunner.query(
      `SELECT metric_rollups_absorb(ARRAY(
         SELECT session_observations(s) FROM sync_sessions AS s WHERE s.status NOT IN ('queued', 'running')))`,
    );
    await queryRunner.query(
      `SELECT metric_rollups_absorb(ARRAY(SELECT error_observations(ARRAY(SELECT e FROM sync_errors AS e))))`,
    );
    await queryRunner.query(
      `SELECT metric_rollups_absorb(ARRAY(SELECT sample_observations(ARRAY(SELECT m FROM sync_metric_samples AS m))))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "sync_metric_samples_roll_up" ON "sync_metric_samples"`);
    await queryRunner.query(`DROP TRIGGER "sync_errors_roll_up" ON "sync_errors"`);
    await queryRunner.query(`DROP TRIGGER "sync_sessions_roll_up_reported_finished" ON "sync_sessions"`);
    await queryRunner.query(`DROP TRIGGER "sync_sessions_roll_up_finished" ON "sync_sessions"`);
    await queryRunner.query(`DROP FUNCTION "sync_metric_samples_roll_up"()`);
    await queryRunner.query(`DROP FUNCTION "sync_errors_roll_up"()`);
    await queryRunner.query(`DROP FUNCTION "sync_sessions_roll_up"()`);
    await queryRunner.query(`DROP FUNCTION "sample_observations"(sync_metric_samples[])`);
    await queryRunner.query(`DROP FUNCTION "error_observations"(sync_errors[])`);
    await queryRunner.query(`DROP FUNCTION "session_observations"(sync_sessions)`);
    await queryRunner.query(`DROP FUNCTION "metric_rollups_absorb"(metric_observation[])`);
    await queryRunner.query(`DROP AGGREGATE "metric_histogram_sum"(jsonb)`);
    await queryRunner.query(`DROP FUNCTION "metric_histogram_merge"(jsonb[])`);
    await queryRunner.query(`DROP FUNCTION "metric_histogram_add"(jsonb, jsonb)`);
    await queryRunner.query(`DROP AGGREGATE "metric_histogram"(double precision)`);
    await queryRunner.query(`DROP FUNCTION "metric_histogram_step"(jsonb, double precision)`);
    await queryRunner.query(`DROP FUNCTION "metric_histogram_bucket"(double precision)`);
    await queryRunner.query(`DROP TYPE "metric_observation"`);
    await queryRunner.query(`DROP TABLE "metric_rollups"`);
  }
}
