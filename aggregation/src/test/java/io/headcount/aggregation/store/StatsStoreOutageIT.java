package io.headcount.aggregation.store;

import static io.headcount.aggregation.store.AudienceStatsFixtures.cells;
import static io.headcount.aggregation.store.AudienceStatsFixtures.keyOf;
import static io.headcount.aggregation.store.AudienceStatsFixtures.percentiles;
import static io.headcount.aggregation.store.AudienceStatsFixtures.shown;
import static io.headcount.aggregation.store.AudienceStatsFixtures.suppressed;
import static io.headcount.aggregation.store.AudienceStatsFixtures.window;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.headcount.aggregation.api.AudienceApi;
import io.headcount.schemas.AudienceStats;
import io.headcount.schemas.topics.Topics;
import io.headcount.testkit.KafkaBrokerExtension;
import io.headcount.testkit.PostgresExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stats store through a database outage: PostgreSQL is stopped while windows stream in, stays
 * down for {@code -Dheadcount.store.outage.seconds} (default 12; docs/reliability.md has the
 * figures of a 60 s run), and is started again on the same port and data. The rows afterwards must
 * equal those of an undisturbed writer that reads the same topic into a database of its own.
 */
class StatsStoreOutageIT {

    private static final Logger LOG = LoggerFactory.getLogger(StatsStoreOutageIT.class);

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.withTopics(Topics.all());

    @RegisterExtension static final PostgresExtension POSTGRES = PostgresExtension.restartable();

    private static final Duration OUTAGE =
            Duration.ofSeconds(Long.getLong("headcount.store.outage.seconds", 12));

    /** The stream: one window every 100 ms, from 3 s before the outage to 5 s after it. */
    private static final Duration WINDOW_EVERY = Duration.ofMillis(100);

    private static final int WINDOWS_BEFORE_OUTAGE = 30;
    private static final int WINDOWS =
            (int) ((OUTAGE.toMillis() + 8_000) / WINDOW_EVERY.toMillis());

    /** Short, so the test sees several doublings and the cap within a 12 s outage. */
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(250);

    private static final Duration LONGEST_BACKOFF = Duration.ofSeconds(2);

    private static final Duration TIMEOUT = OUTAGE.plus(Duration.ofSeconds(90));
    private static final Instant NINE_O_CLOCK = Instant.parse("2026-11-27T09:00:00Z");
    private static final String GROUP = "stats-store-outage";
    private static final String REFERENCE_DATABASE = "undisturbed";

    @Test
    void aDatabaseStoppedMidStreamLosesNoWindowAndWritesNoneTwice() throws Exception {
        List<AudienceStats> input = windows();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        long outageNanos;
        double unreachableAtRestart;
        long mostPending = 0;
        long recoveryMillis;
        AudienceApi api = null;
        try (StatsStoreWriter writer =
                new StatsStoreWriter(
                        options(GROUP, POSTGRES.jdbcUrl())
                                .withRetryBackoff(FIRST_BACKOFF, LONGEST_BACKOFF),
                        registry)) {
            writer.start();
            // What `headcount aggregate` wires up: the store's health in the app's /health.
            api = new AudienceApi("127.0.0.1", 0, () -> KafkaStreams.State.RUNNING, 5);
            api.reportInHealth("store", writer::health);
            Thread stream = new Thread(() -> produceInRealTime(input), "windows-stream");
            stream.start();

            awaitTrue("windows stored before the outage", () -> stored(registry) >= 20);
            POSTGRES.stop();
            long stoppedAt = System.nanoTime();
            awaitTrue("the writer failed a batch", () -> batchFailures(registry) >= 1);
            StoreHealth down = writer.health();
            assertThat(down.status()).isEqualTo(StoreHealth.DEGRADED);
            assertThat(down.lastError()).isNotBlank();
            JsonNode degraded = health(api);
            assertThat(degraded.get("state").asText()).isEqualTo("RUNNING");
            assertThat(degraded.at("/store/status").asText()).isEqualTo(StoreHealth.DEGRADED);
            assertThat(degraded.at("/store/unreachableSeconds").asDouble()).isPositive();
            // The driver reports a server gone mid-batch as a BatchUpdateException, else as a
            // PSQLException: either is the outage.
            assertThat(degraded.at("/store/lastError").asText())
                    .isIn("PSQLException", "BatchUpdateException");
            while (System.nanoTime() - stoppedAt < OUTAGE.toNanos()) {
                mostPending = Math.max(mostPending, pending(registry));
                Thread.sleep(100);
            }
            unreachableAtRestart = gauge(registry, StoreMetrics.UNREACHABLE_SECONDS);
            assertThat(writer.health().status()).isEqualTo(StoreHealth.DEGRADED);
            POSTGRES.start();
            outageNanos = System.nanoTime() - stoppedAt;
            long restartedAt = System.nanoTime();
            awaitTrue("the writer stores again", () -> writer.health().status().equals("up"));
            recoveryMillis = (System.nanoTime() - restartedAt) / 1_000_000;
            stream.join(TIMEOUT.toMillis());
            GroupCatchUp.await(
                    KAFKA.bootstrapServers(), GROUP, Topics.AUDIENCE_STATS.name(), TIMEOUT);

            StoreHealth up = writer.health();
            assertThat(up.status()).isEqualTo(StoreHealth.UP);
            assertThat(up.unreachableSeconds()).isZero();
            assertThat(up.failuresInARow()).isZero();
            assertThat(health(api).at("/store/status").asText()).isEqualTo(StoreHealth.UP);
            assertThat(gauge(registry, StoreMetrics.UNREACHABLE_SECONDS)).isZero();
            assertThat(gauge(registry, StoreMetrics.PENDING_WINDOWS)).isZero();
            // Each window reached the database once: no batch was written and then retried.
            assertThat(stored(registry)).isEqualTo(input.size());
            assertThat(writer.isRunning()).isTrue();
        } finally {
            if (api != null) {
                api.close();
            }
        }
        // The database was down for the whole outage, and the windows of the outage waited.
        assertThat(unreachableAtRestart).isGreaterThan(OUTAGE.toSeconds() - 2.0);
        assertThat(mostPending).isPositive();
        // The back-off doubled up to its cap: far fewer attempts than one per first back-off.
        double failures = batchFailures(registry);
        assertThat(failures)
                .isLessThan(OUTAGE.toMillis() / (double) FIRST_BACKOFF.toMillis() / 2)
                .isGreaterThanOrEqualTo(OUTAGE.toMillis() / (double) LONGEST_BACKOFF.toMillis());

        List<String> undisturbed = undisturbedRun();
        List<String> afterOutage = rows(POSTGRES.jdbcUrl());
        assertThat(undisturbed).hasSize(input.size() * 3); // a window and its two cells each
        assertThat(afterOutage).isEqualTo(undisturbed);

        LOG.info(
                "Stats store outage: PostgreSQL down {} s; {} windows streamed (one per {} ms);"
                        + " {} failed attempts (back-off {} ms doubling to {} ms); unreachable gauge"
                        + " {} s at restart; at most {} windows pending; stored again {} ms after"
                        + " the restart; {} windows stored once each, rows equal the undisturbed"
                        + " run's",
                String.format("%.1f", outageNanos / 1e9),
                input.size(),
                WINDOW_EVERY.toMillis(),
                (long) failures,
                FIRST_BACKOFF.toMillis(),
                LONGEST_BACKOFF.toMillis(),
                String.format("%.1f", unreachableAtRestart),
                mostPending,
                recoveryMillis,
                input.size());
    }

    /** Two cameras, a window a minute each, with cells that differ (fixed seed). */
    private static List<AudienceStats> windows() {
        Random random = new Random(22);
        List<AudienceStats> windows = new ArrayList<>();
        for (int i = 0; i < WINDOWS; i++) {
            long visitors = 5 + random.nextInt(20);
            long female = random.nextInt((int) visitors + 1);
            windows.add(
                    window(
                                    "outage",
                                    i % 2 == 0 ? "door" : "shelf",
                                    NINE_O_CLOCK.plus(
                                            AudienceStatsFixtures.WINDOW.multipliedBy(i / 2)),
                                    visitors)
                            .setBySex(
                                    cells(
                                            "female",
                                            female >= 5 ? shown(female) : suppressed(),
                                            "male",
                                            visitors - female >= 5
                                                    ? shown(visitors - female)
                                                    : suppressed()))
                            .setDwellMillis(
                                    percentiles(
                                            1_000 * visitors, 2_000 * visitors, 3_000 * visitors))
                            .build());
        }
        return windows;
    }

    private static void produceInRealTime(List<AudienceStats> windows) {
        try {
            for (int i = 0; i < windows.size(); i++) {
                AudienceStats stats = windows.get(i);
                KAFKA.produce(Topics.AUDIENCE_STATS, keyOf(stats), stats, stats.getWindowEnd());
                if (i >= WINDOWS_BEFORE_OUTAGE) {
                    Thread.sleep(WINDOW_EVERY.toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A writer of its own group into a database of its own, reading the same topic from start. */
    private static List<String> undisturbedRun() throws Exception {
        try (Connection db =
                        DriverManager.getConnection(
                                POSTGRES.jdbcUrl(), POSTGRES.user(), POSTGRES.password());
                Statement sql = db.createStatement()) {
            sql.execute("CREATE DATABASE " + REFERENCE_DATABASE);
        }
        String group = GROUP + "-undisturbed";
        try (StatsStoreWriter reference =
                new StatsStoreWriter(
                        options(group, POSTGRES.jdbcUrl(REFERENCE_DATABASE)),
                        new SimpleMeterRegistry())) {
            reference.start();
            GroupCatchUp.await(
                    KAFKA.bootstrapServers(), group, Topics.AUDIENCE_STATS.name(), TIMEOUT);
        }
        return rows(POSTGRES.jdbcUrl(REFERENCE_DATABASE));
    }

    /** Every window and cell row, all columns but the time it was stored, in key order. */
    private static List<String> rows(String jdbcUrl) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection db =
                        DriverManager.getConnection(jdbcUrl, POSTGRES.user(), POSTGRES.password());
                Statement sql = db.createStatement()) {
            for (String query :
                    List.of(
                            "SELECT (to_jsonb(w) - 'stored_at')::text FROM audience_window w"
                                    + " ORDER BY site, camera, window_start, model_set",
                            "SELECT to_jsonb(c)::text FROM audience_cell c"
                                    + " ORDER BY site, camera, window_start, model_set, dimension, value")) {
                try (ResultSet result = sql.executeQuery(query)) {
                    while (result.next()) {
                        rows.add(result.getString(1));
                    }
                }
            }
        }
        return rows;
    }

    /** GET /health: 200 while Streams runs, whatever the store's state. */
    private static JsonNode health(AudienceApi api) throws Exception {
        HttpResponse<String> response =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create(
                                                        "http://127.0.0.1:"
                                                                + api.port()
                                                                + AudienceApi.HEALTH_PATH))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body());
    }

    private static StatsStoreOptions options(String group, String jdbcUrl) {
        return StatsStoreOptions.of(
                        KAFKA.bootstrapServers(), jdbcUrl, POSTGRES.user(), POSTGRES.password())
                .withGroupId(group);
    }

    private static double stored(SimpleMeterRegistry registry) {
        var counter = registry.find(StoreMetrics.WINDOWS_STORED).counter();
        return counter == null ? 0 : counter.count();
    }

    private static double batchFailures(SimpleMeterRegistry registry) {
        return registry.find(StoreMetrics.BATCH_FAILURES).counters().stream()
                .mapToDouble(c -> c.count())
                .sum();
    }

    private static long pending(SimpleMeterRegistry registry) {
        return (long) gauge(registry, StoreMetrics.PENDING_WINDOWS);
    }

    private static double gauge(SimpleMeterRegistry registry, String name) {
        return registry.get(name).gauge().value();
    }

    private static void awaitTrue(String what, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
