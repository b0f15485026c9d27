package io.headcount.aggregation.store;

import static io.headcount.aggregation.store.AudienceStatsFixtures.cells;
import static io.headcount.aggregation.store.AudienceStatsFixtures.keyOf;
import static io.headcount.aggregation.store.AudienceStatsFixtures.percentiles;
import static io.headcount.aggregation.store.AudienceStatsFixtures.shown;
import static io.headcount.aggregation.store.AudienceStatsFixtures.suppressed;
import static io.headcount.aggregation.store.AudienceStatsFixtures.window;
import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.schemas.AudienceStats;
import io.headcount.schemas.DeadLetter;
import io.headcount.schemas.codec.AvroCodec;
import io.headcount.schemas.topics.Topics;
import io.headcount.testkit.KafkaBrokerExtension;
import io.headcount.testkit.PostgresExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer between a real broker and a real PostgreSQL server. One writer runs for the class;
 * each test uses a site of its own.
 */
class StatsStoreWriterIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.withTopics(Topics.all());

    @RegisterExtension static final PostgresExtension POSTGRES = PostgresExtension.create();

    private static final String GROUP = "stats-store-it";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Instant TEN_O_CLOCK = Instant.parse("2026-11-27T10:00:00Z");

    private static final SimpleMeterRegistry REGISTRY = new SimpleMeterRegistry();
    private static StatsStoreWriter writer;

    @BeforeAll
    static void startWriter() {
        writer = new StatsStoreWriter(options(GROUP), REGISTRY);
        writer.start();
    }

    @AfterAll
    static void stopWriter() {
        writer.close();
    }

    @Test
    void aWindowDeliveredAgainLeavesItsRowsAsTheyWere() throws Exception {
        AudienceStats stats =
                window("redelivery", "door", TEN_O_CLOCK, 12)
                        .setBySex(cells("female", shown(7), "male", shown(5)))
                        .setByAgeGroup(
                                cells(
                                        "25-34",
                                        shown(8),
                                        "65+",
                                        suppressed(),
                                        "undetermined",
                                        suppressed()))
                        .setDwellMillis(percentiles(4_000, 9_000, 12_000))
                        .setAttentionMillis(percentiles(1_000, 2_500, 3_000))
                        .build();
        produce(stats);
        awaitCaughtUp(GROUP);
        List<String> before = snapshot("redelivery");

        produce(stats); // redelivered, as after a crash before the offset commit
        awaitCaughtUp(GROUP);
        List<String> afterRedelivery = snapshot("redelivery");
        // A replay of the whole topic by a second writer (say, a new deployment with reset
        // offsets).
        try (StatsStoreWriter replay =
                new StatsStoreWriter(options(GROUP + "-replay"), new SimpleMeterRegistry())) {
            replay.start();
            awaitCaughtUp(GROUP + "-replay");
        }

        assertThat(afterRedelivery).isEqualTo(before);
        assertThat(snapshot("redelivery")).isEqualTo(before);
        assertThat(
                        rows(
                                "SELECT camera, window_start, window_end, frames, face_observations, visitors,"
                                        + " dwell_p50_ms, dwell_p90_ms, dwell_max_ms, attention_max_ms, model_versions->>'detector'"
                                        + " FROM audience_window WHERE site = 'redelivery'"))
                .containsExactly(
                        "door|2026-11-27T10:00Z|2026-11-27T10:01Z|600|120|12|4000|9000|12000|3000|yunet-n-2023mar");
        assertThat(
                        rows(
                                "SELECT dimension, value, count, suppressed FROM audience_cell WHERE site = 'redelivery'"
                                        + " ORDER BY dimension, value"))
                .containsExactly(
                        "age|25-34|8|false",
                        "age|65+|null|true",
                        "age|undetermined|null|true",
                        "sex|female|7|false",
                        "sex|male|5|false");
    }

    @Test
    void startIfConfiguredRunsAWriterFromTheAppsSettingsAndAPasswordFile(@TempDir Path dir)
            throws Exception {
        Path secret = dir.resolve("db-password");
        Files.writeString(secret, POSTGRES.password() + "\n");
        String group = GROUP + "-configured";
        Map<String, Object> settings =
                Map.of(
                        "bootstrap.servers",
                        KAFKA.bootstrapServers(),
                        StatsStoreOptions.JDBC_URL,
                        POSTGRES.jdbcUrl(),
                        StatsStoreOptions.JDBC_USER,
                        POSTGRES.user(),
                        StatsStoreOptions.JDBC_PASSWORD_FILE,
                        secret.toString(),
                        StatsStoreOptions.GROUP_ID,
                        group);
        produce(window("configured", "door", TEN_O_CLOCK, 3).build());

        try (StatsStoreWriter configured =
                StatsStoreWriter.startIfConfigured(settings, Map.of(), new SimpleMeterRegistry())
                        .orElseThrow()) {
            assertThat(configured.isRunning()).isTrue();
            awaitCaughtUp(group);
        }
        assertThat(rows("SELECT visitors FROM audience_window WHERE site = 'configured'"))
                .containsExactly("3");
    }

    @Test
    void aNewVersionOfAWindowReplacesItsValuesAndDropsCellsItNoLongerHas() throws Exception {
        produce(
                window("update", "door", TEN_O_CLOCK, 6)
                        .setBySex(cells("female", shown(6)))
                        .setByMask(cells("masked", suppressed()))
                        .build());
        produce(
                window("update", "door", TEN_O_CLOCK, 8)
                        .setBySex(cells("female", shown(8)))
                        .build());
        awaitCaughtUp(GROUP);

        assertThat(rows("SELECT visitors FROM audience_window WHERE site = 'update'"))
                .containsExactly("8");
        assertThat(rows("SELECT dimension, value, count FROM audience_cell WHERE site = 'update'"))
                .containsExactly("sex|female|8");
    }

    @Test
    void hourlyAndDailyRollUpsSumTheWindowsOfTheirBucket() throws Exception {
        produce(
                window("rollup", "door", TEN_O_CLOCK, 7)
                        .setBySex(
                                cells(
                                        "female",
                                        shown(6),
                                        "male",
                                        suppressed(),
                                        "undetermined",
                                        suppressed()))
                        .build());
        produce(
                window("rollup", "door", TEN_O_CLOCK.plus(Duration.ofMinutes(1)), 9)
                        .setBySex(
                                cells(
                                        "female",
                                        shown(5),
                                        "male",
                                        shown(5),
                                        "undetermined",
                                        suppressed()))
                        .build());
        produce(
                window("rollup", "door", TEN_O_CLOCK.plus(Duration.ofHours(1)), 5)
                        .setBySex(cells("female", shown(5)))
                        .build());
        awaitCaughtUp(GROUP);

        assertThat(
                        rows(
                                "SELECT bucket_start, bucket_end, windows, frames, face_observations, visitors"
                                        + " FROM audience_hourly WHERE site = 'rollup' ORDER BY bucket_start"))
                .containsExactly(
                        "2026-11-27T10:00Z|2026-11-27T11:00Z|2|1200|160|16",
                        "2026-11-27T11:00Z|2026-11-27T12:00Z|1|600|50|5");
        assertThat(
                        rows(
                                "SELECT bucket_start, windows, frames, visitors FROM audience_daily WHERE site = 'rollup'"))
                .containsExactly("2026-11-27T00:00Z|3|1800|21");
        // Only shown window cells add up; a bucket with suppressed windows says how many.
        assertThat(
                        rows(
                                "SELECT bucket_start, value, count, suppressed, windows, suppressed_windows"
                                        + " FROM audience_cell_hourly WHERE site = 'rollup' ORDER BY bucket_start, value"))
                .containsExactly(
                        "2026-11-27T10:00Z|female|11|false|2|0",
                        "2026-11-27T10:00Z|male|5|false|2|1",
                        "2026-11-27T10:00Z|undetermined|null|true|2|2",
                        "2026-11-27T11:00Z|female|5|false|1|0");
        assertThat(
                        rows(
                                "SELECT value, count, suppressed FROM audience_cell_daily WHERE site = 'rollup' ORDER BY value"))
                .containsExactly("female|16|false", "male|5|false", "undetermined|null|true");
    }

    @Test
    void aSuppressedCellStaysSuppressedInEveryViewAndNoViewShowsACountBelowK() throws Exception {
        produce(
                window("suppression", "door", TEN_O_CLOCK, 3)
                        .setByAgeGroup(cells("18-24", suppressed()))
                        // As an aggregation run with k = 3 would send it: stored raw, never shown.
                        .setByMask(cells("masked", shown(3)))
                        .setDwellMillis(percentiles(2_000, 3_000, 3_500))
                        .build());
        produce(
                window("suppression", "door", TEN_O_CLOCK.plus(Duration.ofMinutes(1)), 4)
                        .setByAgeGroup(cells("18-24", suppressed()))
                        .setByMask(cells("masked", shown(4)))
                        .build());
        awaitCaughtUp(GROUP);

        assertThat(
                        rows(
                                "SELECT value, count FROM audience_cell WHERE site = 'suppression' ORDER BY window_start, value"))
                .containsExactly("18-24|null", "masked|3", "18-24|null", "masked|4");
        for (String view :
                List.of("audience_cell_public", "audience_cell_hourly", "audience_cell_daily")) {
            assertThat(
                            rows(
                                    "SELECT value, count, suppressed FROM "
                                            + view
                                            + " WHERE site = 'suppression'"))
                    .as(view)
                    .isNotEmpty()
                    .allMatch(row -> row.endsWith("|null|true"));
        }
        assertThat(
                        rows(
                                "SELECT dwell_p50_ms, dwell_max_ms FROM audience_window_public WHERE site = 'suppression'"))
                .containsOnly("null|null");
        assertThat(
                        rows(
                                "SELECT view, count FROM ("
                                        + " SELECT 'public' AS view, count FROM audience_cell_public"
                                        + " UNION ALL SELECT 'hourly', count FROM audience_cell_hourly"
                                        + " UNION ALL SELECT 'daily', count FROM audience_cell_daily) shown"
                                        + " WHERE count < (SELECT min_count FROM suppression_setting)"))
                .isEmpty();
    }

    @Test
    void aGrafanaTimeSeriesQueryGivesVisitorsPerCameraAndBucket() throws Exception {
        for (int minute = 0; minute < 10; minute++) {
            Instant start = TEN_O_CLOCK.plus(Duration.ofMinutes(minute));
            produce(window("grafana", "door", start, minute).build());
            produce(window("grafana", "shelf", start, 2).build());
        }
        awaitCaughtUp(GROUP);

        // What a Grafana panel sends: $__timeGroupAlias(window_start, 5m),
        // $__timeFilter(window_start).
        List<String> series =
                rows(
                        "SELECT date_bin('5 minutes', window_start, TIMESTAMPTZ 'epoch') AS time, camera AS metric,"
                                + " sum(visitors) AS visitors FROM audience_window_public"
                                + " WHERE site = ? AND window_start BETWEEN ? AND ? GROUP BY 1, 2 ORDER BY 1, 2",
                        "grafana",
                        at(TEN_O_CLOCK),
                        at(TEN_O_CLOCK.plus(Duration.ofHours(1))));

        assertThat(series)
                .containsExactly(
                        "2026-11-27T10:00Z|door|10", "2026-11-27T10:00Z|shelf|10",
                        "2026-11-27T10:05Z|door|35", "2026-11-27T10:05Z|shelf|10");
    }

    @Test
    void badRecordsGoToTheDeadLetterTopicAndTheWriterGoesOn() throws Exception {
        String dlq = Topics.AUDIENCE_STATS.name() + Topics.DEAD_LETTER_SUFFIX;
        KAFKA.produceBytes(
                Topics.AUDIENCE_STATS.name(), bytes("dlq/garbage"), bytes("not avro at all"));
        KAFKA.produceBytes(Topics.AUDIENCE_STATS.name(), bytes("dlq/empty"), new byte[0]);
        AudienceStats backwards =
                window("dlq", "door", TEN_O_CLOCK, 5)
                        .setWindowEnd(TEN_O_CLOCK.minusSeconds(1))
                        .build();
        KAFKA.produceBytes(
                Topics.AUDIENCE_STATS.name(),
                bytes("dlq/backwards"),
                AvroCodec.of(AudienceStats.class).encode(backwards));
        produce(window("dlq", "door", TEN_O_CLOCK, 5).build());
        awaitCaughtUp(GROUP);

        List<ConsumerRecord<byte[], DeadLetter>> letters = deadLetters("dlq/");
        assertThat(letters).allMatch(letter -> letter.topic().equals(dlq));
        assertThat(
                        letters.stream()
                                .map(
                                        letter ->
                                                new String(letter.key(), StandardCharsets.UTF_8)
                                                        + "|"
                                                        + letter.value().getReason()
                                                        + "|"
                                                        + letter.value().getStage())
                                .toList())
                .containsExactlyInAnyOrder(
                        "dlq/garbage|NOT_SINGLE_OBJECT|stats-store/decode",
                        "dlq/empty|EMPTY|stats-store/decode",
                        "dlq/backwards|WINDOW_END_NOT_AFTER_START|stats-store/validate");
        assertThat(letters)
                .allMatch(
                        letter ->
                                letter.value()
                                        .getSourceTopic()
                                        .equals(Topics.AUDIENCE_STATS.name()));
        for (String reason : List.of("NOT_SINGLE_OBJECT", "EMPTY", "WINDOW_END_NOT_AFTER_START")) {
            assertThat(
                            REGISTRY.get(StoreMetrics.DEAD_LETTERS)
                                    .tag("reason", reason)
                                    .counter()
                                    .count())
                    .as(reason)
                    .isEqualTo(1.0);
        }
        assertThat(rows("SELECT visitors FROM audience_window WHERE site = 'dlq'"))
                .containsExactly("5");
        assertThat(writer.isRunning()).isTrue();
    }

    @Test
    void aWindowTheDatabaseRefusesIsADeadLetterAndTheRestOfItsBatchIsStored() throws Exception {
        // PostgreSQL text cannot hold a NUL character (SQLSTATE 22021): valid Avro, refused by the
        // database.
        AudienceStats refused = window("refused\u0000site", "door", TEN_O_CLOCK, 5).build();
        KAFKA.produce(Topics.AUDIENCE_STATS, "refused/door", refused, refused.getWindowEnd());
        produce(window("refused-neighbour", "door", TEN_O_CLOCK, 6).build());
        awaitCaughtUp(GROUP);

        assertThat(deadLetters("refused/"))
                .singleElement()
                .satisfies(
                        letter -> {
                            assertThat(letter.value().getReason()).isEqualTo("DB_REJECTED_22021");
                            assertThat(letter.value().getStage()).isEqualTo("stats-store/store");
                        });
        assertThat(rows("SELECT visitors FROM audience_window WHERE site = 'refused-neighbour'"))
                .containsExactly("6");
        assertThat(writer.isRunning()).isTrue();
    }

    @Test
    void aConnectionTheServerClosedIsOpenedAgain() throws Exception {
        // The writer's connection dies (a database restart, a failover) while it waits for records.
        assertThat(
                        rows(
                                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ?",
                                "headcount-" + StoreMetrics.COMPONENT))
                .containsExactly("true");
        produce(window("reconnect", "door", TEN_O_CLOCK, 9).build());
        awaitCaughtUp(GROUP);

        assertThat(rows("SELECT visitors FROM audience_window WHERE site = 'reconnect'"))
                .containsExactly("9");
        assertThat(writer.isRunning()).isTrue();
    }

    @Test
    void aBatchTheDatabaseFailsToTakeIsRetriedFromTheSameOffsets() throws Exception {
        double failuresBefore = batchFailures();
        // A table gone for a while (a migration, an operator): the batch fails for no fault of its
        // data.
        execute("ALTER TABLE audience_cell RENAME TO audience_cell_away");
        try {
            produce(
                    window("retry", "door", TEN_O_CLOCK, 9)
                            .setBySex(cells("female", shown(9)))
                            .build());
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (batchFailures() == failuresBefore) {
                assertThat(System.nanoTime()).as("a batch failed").isLessThan(deadline);
                Thread.sleep(50);
            }
        } finally {
            execute("ALTER TABLE audience_cell_away RENAME TO audience_cell");
        }
        awaitCaughtUp(GROUP);

        assertThat(rows("SELECT visitors FROM audience_window WHERE site = 'retry'"))
                .containsExactly("9");
        assertThat(rows("SELECT value, count FROM audience_cell WHERE site = 'retry'"))
                .containsExactly("female|9");
        assertThat(writer.isRunning()).isTrue();
    }

    private static void execute(String statement) throws SQLException {
        try (Connection db = POSTGRES.dataSource().getConnection();
                var sql = db.createStatement()) {
            sql.execute(statement);
        }
    }

    private static double batchFailures() {
        return REGISTRY.find(StoreMetrics.BATCH_FAILURES).counters().stream()
                .mapToDouble(c -> c.count())
                .sum();
    }

    /**
     * The dead letters whose key starts with {@code keyPrefix}: all there once the group caught up.
     */
    private static List<ConsumerRecord<byte[], DeadLetter>> deadLetters(String keyPrefix) {
        return KAFKA
                .consumeFor(
                        Topics.deadLettersOf(Topics.AUDIENCE_STATS.name()), Duration.ofSeconds(2))
                .stream()
                .filter(
                        letter ->
                                letter.key() != null
                                        && new String(letter.key(), StandardCharsets.UTF_8)
                                                .startsWith(keyPrefix))
                .toList();
    }

    private static StatsStoreOptions options(String group) {
        return StatsStoreOptions.of(
                        KAFKA.bootstrapServers(),
                        POSTGRES.jdbcUrl(),
                        POSTGRES.user(),
                        POSTGRES.password())
                .withGroupId(group);
    }

    private static void produce(AudienceStats stats) {
        KAFKA.produce(Topics.AUDIENCE_STATS, keyOf(stats), stats, stats.getWindowEnd());
    }

    /** Waits until the group has committed every record of {@code audience-stats}. */
    private static void awaitCaughtUp(String group) throws Exception {
        GroupCatchUp.await(KAFKA.bootstrapServers(), group, Topics.AUDIENCE_STATS.name(), TIMEOUT);
    }

    /**
     * A full snapshot of a site's rows, with each row's version ({@code xmin}): any rewrite shows.
     */
    private static List<String> snapshot(String site) throws SQLException {
        List<String> snapshot = new ArrayList<>();
        snapshot.addAll(
                rows(
                        "SELECT xmin::text, stored_at, w.* FROM audience_window w WHERE site = ?",
                        site));
        snapshot.addAll(
                rows(
                        "SELECT xmin::text, c.* FROM audience_cell c WHERE site = ? ORDER BY dimension, value",
                        site));
        return snapshot;
    }

    /**
     * Each row as its columns joined with {@code |}; timestamps in UTC ISO form, nulls as {@code
     * null}.
     */
    private static List<String> rows(String query, Object... parameters) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection db = POSTGRES.dataSource().getConnection();
                PreparedStatement statement = db.prepareStatement(query)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    StringJoiner row = new StringJoiner("|");
                    for (int c = 1; c <= columns; c++) {
                        Object value = result.getObject(c);
                        if (result.getMetaData().getColumnTypeName(c).equals("timestamptz")
                                && value != null) {
                            value =
                                    result.getObject(c, OffsetDateTime.class)
                                            .withOffsetSameInstant(ZoneOffset.UTC);
                        }
                        row.add(String.valueOf(value));
                    }
                    rows.add(row.toString());
                }
            }
        }
        return rows;
    }

    private static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
