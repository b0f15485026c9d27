package io.headcount.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.headcount.aggregation.metrics.AggregationMetrics;
import io.headcount.aggregation.settings.HealthOptions;
import io.headcount.schemas.DeadLetters;
import io.headcount.schemas.topics.Topics;
import io.headcount.testkit.KafkaBrokerExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real app with its HTTP API against a real broker: windows, totals, health, OpenAPI, metrics.
 */
class AggregationApiIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.withTopics(Topics.all());

    @TempDir Path stateDir;

    @Test
    void servesTheEmittedWindowsTheirTotalsHealthAndMetrics() throws Exception {
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(1));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Map<String, Object> settings = ApiScene.settings(KAFKA, stateDir);
        settings.put(HealthOptions.SILENT_AFTER_MS, "10m");
        try (AggregationApp app = new AggregationApp(settings, registry)) {
            int port = app.httpPort().orElseThrow();
            assertThat(port).isPositive();
            app.start();
            assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();

            HttpResponse<String> health = ApiScene.get(port, "/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(ApiScene.json(health).get("state").asText()).isEqualTo("RUNNING");

            int observations = ApiScene.produce(KAFKA, "berlin", "entrance", t0);
            // A bad record: dead-lettered and counted, so the dead-letter counter is on /metrics.
            KAFKA.produceBytes(
                    Topics.FACE_OBSERVATIONS.name(),
                    "entrance".getBytes(StandardCharsets.UTF_8),
                    new byte[] {1, 2, 3});

            JsonNode windows =
                    ApiScene.awaitJson(
                            port,
                            "/api/v1/windows?site=berlin&camera=entrance",
                            body -> body.size() == 2,
                            Duration.ofSeconds(60));
            JsonNode first = windows.get(0);
            JsonNode second = windows.get(1);
            assertThat(first.get("windowStart").asText()).isEqualTo(t0.toString());
            assertThat(second.get("windowStart").asText())
                    .isEqualTo(t0.plus(ApiScene.WINDOW).toString());
            assertThat(first.get("site").asText()).isEqualTo("berlin");
            assertThat(first.get("visitors").asLong()).isEqualTo(2);
            assertThat(second.get("visitors").asLong()).isEqualTo(2);
            assertThat(first.get("frames").asLong()).isEqualTo(ApiScene.FRAMES_PER_WINDOW);
            assertThat(
                            first.get("faceObservations").asLong()
                                    + second.get("faceObservations").asLong())
                    .isEqualTo(observations);
            // k = 2: one woman and one man in the first window are under k, and two suppressed
            // cells of 2 visitors would say one each: no cells listed, as on audience-stats.
            assertThat(first.get("bySex").size()).isZero();
            assertThat(second.get("bySex").get("female").get("count").asLong()).isEqualTo(2);
            assertThat(second.get("bySex").has("male")).isFalse();

            // The inference job refused a frame of the camera: its notice on dead-lettered-frames
            // carries the reason, never the frame's bytes.
            KAFKA.produce(
                    Topics.DEAD_LETTERED_FRAMES,
                    "entrance",
                    DeadLetters.withoutValue(
                            DeadLetters.of(
                                    Topics.FRAMES.name(),
                                    0,
                                    41L,
                                    t0.toEpochMilli(),
                                    "entrance".getBytes(StandardCharsets.UTF_8),
                                    new byte[] {(byte) 0xFF, (byte) 0xD8, 0},
                                    "inference/decode-frame",
                                    "CORRUPT_JPEG",
                                    "not a JPEG")),
                    t0);

            // The camera's health line: every frame and observation, the bad record's dead letter
            // (its key names the camera) and the inference job's, which is the worst that applies:
            // its frames were captured an hour ago, so it lags too.
            JsonNode board =
                    ApiScene.awaitJson(
                            port,
                            "/api/v1/cameras/health",
                            body ->
                                    body.get("cameras").size() == 1
                                            && body.get("cameras").get(0).get("deadLetters").size()
                                                    == 1
                                            && body.get("cameras")
                                                            .get(0)
                                                            .get("inferenceDeadLetters")
                                                            .size()
                                                    == 1,
                            Duration.ofSeconds(60));
            assertThat(board.get("silentAfterSeconds").asDouble()).isEqualTo(600);
            assertThat(board.get("lagMaxSeconds").asDouble()).isEqualTo(60);
            JsonNode entrance = board.get("cameras").get(0);
            assertThat(entrance.get("site").asText()).isEqualTo("berlin");
            assertThat(entrance.get("camera").asText()).isEqualTo("entrance");
            assertThat(entrance.get("frames").asLong()).isEqualTo(2 * ApiScene.FRAMES_PER_WINDOW);
            assertThat(entrance.get("faceObservations").asLong()).isEqualTo(observations);
            assertThat(entrance.get("deadLetters").elements().next().asLong()).isEqualTo(1);
            assertThat(entrance.get("inferenceDeadLetters").get("CORRUPT_JPEG").asLong())
                    .isEqualTo(1);
            assertThat(entrance.get("inferenceDeadLettersSinceStart").get("CORRUPT_JPEG").asLong())
                    .isEqualTo(1);
            assertThat(entrance.get("lastInferenceDeadLetter").asText()).isEqualTo("CORRUPT_JPEG");
            assertThat(entrance.get("lastInferenceDeadLetterAt").asLong()).isPositive();
            assertThat(entrance.get("lastFrameTime").asLong())
                    .as("the end of stream's capture time")
                    .isEqualTo(t0.plusMillis(20_000).toEpochMilli());
            assertThat(entrance.get("lagMillis").asLong())
                    .isGreaterThan(Duration.ofMinutes(59).toMillis());
            assertThat(entrance.get("secondsSinceLastArrival").asLong()).isLessThan(600);
            assertThat(entrance.get("status").asText()).isEqualTo("dead-lettering");
            assertThat(
                            ApiScene.json(
                                            ApiScene.get(
                                                    port,
                                                    "/api/v1/cameras/health?site=berlin&camera=entrance"))
                                    .get("cameras"))
                    .hasSize(1);
            assertThat(
                            ApiScene.json(ApiScene.get(port, "/api/v1/cameras/health?site=paris"))
                                    .get("cameras"))
                    .isEmpty();

            JsonNode later =
                    ApiScene.json(
                            ApiScene.get(
                                    port,
                                    "/api/v1/windows?site=berlin&camera=entrance&from="
                                            + t0.plus(ApiScene.WINDOW)));
            assertThat(later).hasSize(1);
            assertThat(later.get(0).get("windowStart").asText())
                    .isEqualTo(second.get("windowStart").asText());
            JsonNode earlier =
                    ApiScene.json(
                            ApiScene.get(
                                    port,
                                    "/api/v1/windows?site=berlin&to="
                                            + t0.plus(ApiScene.WINDOW).toEpochMilli()));
            assertThat(earlier).hasSize(1);
            assertThat(earlier.get(0).get("windowStart").asText()).isEqualTo(t0.toString());
            assertThat(ApiScene.json(ApiScene.get(port, "/api/v1/windows?site=paris"))).isEmpty();
            assertThat(ApiScene.json(ApiScene.get(port, "/api/v1/windows"))).hasSize(2);

            JsonNode totals =
                    ApiScene.json(ApiScene.get(port, "/api/v1/totals?site=berlin&camera=entrance"));
            assertThat(totals.get("range").asText()).isEqualTo("since-start");
            assertThat(totals.get("from").asText()).isEqualTo(t0.toString());
            assertThat(totals.get("visitors").asLong()).isEqualTo(4);
            assertThat(totals.get("minCellCount").asInt()).isEqualTo(2);
            // Counted from the visitors, released in blocks: the first window's woman (suppressed
            // there) would be revealed by total minus windows, so the women stay held back.
            JsonNode female = totals.get("bySex").get("female");
            assertThat(female.get("count").isNull()).isTrue();
            assertThat(female.get("suppressed").asBoolean()).isTrue();
            assertThat(female.get("complete").asBoolean()).isFalse();
            JsonNode male = totals.get("bySex").get("male");
            assertThat(male.get("count").isNull()).isTrue();
            assertThat(male.get("suppressed").asBoolean()).isTrue();
            JsonNode hour =
                    ApiScene.json(
                            ApiScene.get(port, "/api/v1/totals?site=berlin&range=hour&at=" + t0));
            assertThat(hour.get("from").asText())
                    .isEqualTo(t0.truncatedTo(ChronoUnit.HOURS).toString());
            assertThat(hour.get("cameras")).hasSize(1);
            HttpResponse<String> freeRange =
                    ApiScene.get(port, "/api/v1/totals?site=berlin&from=" + t0);
            assertThat(freeRange.statusCode()).isEqualTo(400);
            assertThat(ApiScene.json(freeRange).get("error").asText()).contains("fixed ranges");

            HttpResponse<String> noSite = ApiScene.get(port, "/api/v1/totals?camera=entrance");
            assertThat(noSite.statusCode()).isEqualTo(400);
            assertThat(ApiScene.json(noSite).get("error").asText()).contains("camera needs a site");
            HttpResponse<String> badTime =
                    ApiScene.get(port, "/api/v1/windows?site=berlin&from=tomorrow");
            assertThat(badTime.statusCode()).isEqualTo(400);
            assertThat(ApiScene.json(badTime).get("error").asText()).contains("from must be");

            JsonNode openApi = ApiScene.json(ApiScene.get(port, "/openapi.json"));
            assertThat(openApi.get("openapi").asText()).startsWith("3.");
            assertThat(openApi.get("paths").fieldNames())
                    .toIterable()
                    .contains(
                            "/health",
                            "/api/v1/windows",
                            "/api/v1/totals",
                            "/api/v1/cameras/health",
                            "/metrics");

            String metrics = ApiScene.get(port, "/metrics").body();
            assertThat(metrics)
                    .contains(
                            "headcount_audience_visitors_total{",
                            "headcount_audience_windows_total{",
                            "headcount_audience_attribute_visitors_total{",
                            "headcount_undetermined_share{",
                            "headcount_fused_attributes_total{",
                            "headcount_visitor_dwell_milliseconds_count{",
                            "headcount_visitor_dwell_milliseconds_bucket{",
                            "headcount_dead_letters_total{",
                            "headcount_tracks_closed_total{",
                            "kafka_consumer_fetch_manager_records_lag_max",
                            "kafka_stream_thread_process_rate");
            assertThat(metrics)
                    .as("the one window under k listed no cells, so none was emitted suppressed")
                    .doesNotContain("headcount_audience_suppressed_cells_total{");
            assertThat(metrics)
                    .containsPattern(
                            "headcount_audience_attribute_visitors_total\\{[^}]*attribute=\"sex\"[^}]*value=\"female\"[^}]*\\} 2\\.0");
            // The caller's registry gets the same counts.
            assertThat(
                            registry.get(AggregationMetrics.VISITORS)
                                    .tags("site", "berlin", "camera", "entrance")
                                    .counter()
                                    .count())
                    .isEqualTo(4);
            assertThat(registry.get(AggregationMetrics.VISITOR_DWELL).summary().count())
                    .isEqualTo(4);
            assertThat(app.close(Duration.ofSeconds(30))).isTrue();
        }
    }

    @Test
    void withoutAPortThereIsNoApi(@TempDir Path otherState) {
        Map<String, Object> settings = ApiScene.settings(KAFKA, otherState);
        settings.remove(io.headcount.aggregation.api.ApiSettings.PORT);
        try (AggregationApp app = new AggregationApp(settings, new SimpleMeterRegistry())) {
            assertThat(app.httpPort()).isEmpty();
        }
    }
}
