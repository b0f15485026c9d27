package io.headcount.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.headcount.aggregation.api.WindowQueries;
import io.headcount.aggregation.domain.SiteCamera;
import io.headcount.schemas.topics.Topics;
import io.headcount.testkit.KafkaBrokerExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances of the app (same application.id, own state and port) share two partitions: each
 * holds some cameras' windows, and either answers for every camera alike, forwarding a camera's
 * request to its owner and gathering a site's from both.
 */
class AggregationApiClusterIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA =
            KafkaBrokerExtension.withTopics(Topics.all()).withPartitions(2);

    @TempDir Path stateA;
    @TempDir Path stateB;

    @Test
    void eitherInstanceAnswersTheSameForEveryCamera() throws Exception {
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(1));
        List<String> cameras = camerasOnBothPartitions("berlin");
        try (AggregationApp a =
                        new AggregationApp(
                                ApiScene.settings(KAFKA, stateA), new SimpleMeterRegistry());
                AggregationApp b =
                        new AggregationApp(
                                ApiScene.settings(KAFKA, stateB), new SimpleMeterRegistry())) {
            a.start();
            b.start();
            assertThat(a.awaitRunning(Duration.ofSeconds(60))).isTrue();
            assertThat(b.awaitRunning(Duration.ofSeconds(60))).isTrue();
            for (String camera : cameras) {
                ApiScene.produce(KAFKA, "berlin", camera, t0);
            }
            int portA = a.httpPort().orElseThrow();
            int portB = b.httpPort().orElseThrow();

            for (String camera : cameras) {
                String windows = "/api/v1/windows?site=berlin&camera=" + camera;
                JsonNode fromA =
                        ApiScene.awaitJson(
                                portA, windows, body -> body.size() == 2, Duration.ofSeconds(90));
                JsonNode fromB =
                        ApiScene.awaitJson(
                                portB, windows, body -> body.size() == 2, Duration.ofSeconds(30));
                assertThat(fromB).as(camera).isEqualTo(fromA);
                assertThat(fromA.get(0).get("camera").asText()).isEqualTo(camera);
                assertThat(
                                fromA.get(0).get("visitors").asLong()
                                        + fromA.get(1).get("visitors").asLong())
                        .isEqualTo(4);
                String totals = "/api/v1/totals?site=berlin&camera=" + camera;
                JsonNode totalsA = ApiScene.json(ApiScene.get(portA, totals));
                assertThat(ApiScene.json(ApiScene.get(portB, totals))).isEqualTo(totalsA);
                assertThat(totalsA.get("visitors").asLong()).isEqualTo(4);
            }

            String site = "/api/v1/windows?site=berlin";
            JsonNode allFromA =
                    ApiScene.awaitJson(
                            portA,
                            site,
                            body -> body.size() == 2 * cameras.size(),
                            Duration.ofSeconds(30));
            assertThat(ApiScene.json(ApiScene.get(portB, site))).isEqualTo(allFromA);

            // Each instance's own part (what a forwarded request reads): disjoint, both non-empty,
            // together all.
            Set<String> localA =
                    cameraWindows(
                            ApiScene.json(
                                    ApiScene.get(portA, site, WindowQueries.LOCAL_HEADER, "true")));
            Set<String> localB =
                    cameraWindows(
                            ApiScene.json(
                                    ApiScene.get(portB, site, WindowQueries.LOCAL_HEADER, "true")));
            assertThat(localA)
                    .as("instance A holds some windows")
                    .isNotEmpty()
                    .doesNotContainAnyElementsOf(localB);
            assertThat(localB).as("instance B holds some windows").isNotEmpty();
            Set<String> union = new HashSet<>(localA);
            union.addAll(localB);
            assertThat(union).isEqualTo(cameraWindows(allFromA));

            // Health lines live where a camera's input is read; either instance answers for all.
            for (int port : List.of(portA, portB)) {
                JsonNode lines =
                        ApiScene.json(ApiScene.get(port, "/api/v1/cameras/health")).get("cameras");
                Set<String> named = new HashSet<>();
                lines.forEach(
                        line -> {
                            named.add(line.get("camera").asText());
                            assertThat(line.get("frames").asLong())
                                    .isEqualTo(2 * ApiScene.FRAMES_PER_WINDOW);
                        });
                assertThat(named).containsExactlyInAnyOrderElementsOf(cameras);
            }
        }
    }

    /**
     * Two cameras whose cells land on partitions 0 and 1 of the repartition topic (default
     * partitioner).
     */
    private static List<String> camerasOnBothPartitions(String site) {
        List<String> cameras = new ArrayList<>();
        Set<Integer> partitions = new HashSet<>();
        for (int i = 0; partitions.size() < 2; i++) {
            String camera = "cam-" + i;
            byte[] key = new SiteCamera(site, camera).key().getBytes(StandardCharsets.UTF_8);
            if (partitions.add(Utils.toPositive(Utils.murmur2(key)) % 2)) {
                cameras.add(camera);
            }
        }
        return cameras;
    }

    private static Set<String> cameraWindows(JsonNode windows) {
        Set<String> keys = new HashSet<>();
        windows.forEach(
                window ->
                        keys.add(
                                window.get("camera").asText()
                                        + "@"
                                        + window.get("windowStart").asText()));
        return keys;
    }
}
