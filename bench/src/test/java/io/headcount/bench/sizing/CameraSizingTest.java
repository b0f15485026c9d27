package io.headcount.bench.sizing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.headcount.bench.BenchFrames;
import io.headcount.bench.JsonReport;
import io.headcount.testkit.SharedAssets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The sizing on tiny settings (one, then two live cameras of 320x180 at 2 fps for a few seconds):
 * the report has its figures, and they come from frames the pipeline really processed. Whether the
 * steps keep up depends on the machine, so only their consistency is checked.
 */
class CameraSizingTest {

    @Test
    void sizesFromFramesThePipelineProcessed() throws Exception {
        SharedAssets.data(BenchFrames.FACE_MANIFEST);
        SharedAssets.model("det_yunet_n_dynamic.onnx");
        SizingSettings settings =
                new SizingSettings(
                        320,
                        180,
                        2,
                        2.0,
                        8,
                        Duration.ZERO,
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(3),
                        1,
                        2,
                        Duration.ofMinutes(5),
                        Duration.ofSeconds(30),
                        Duration.ofMillis(300),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(4),
                        Map.of());
        List<String> log = new ArrayList<>();

        JsonReport report =
                CameraSizing.run(
                        settings,
                        line -> {
                            log.add(line);
                            System.out.println(line);
                        });

        JsonNode json = new ObjectMapper().readTree(report.toString());
        assertThat(json.get("mode").asText()).isEqualTo("sizing");
        assertThat(json.get("resolution").asText()).isEqualTo("320x180");
        assertThat(json.get("fps_per_camera").asDouble()).isEqualTo(2.0);
        assertThat(json.get("search_complete").asBoolean()).isTrue();
        assertThat(json.get("load_average_start").asText()).isNotBlank();
        JsonNode steps = json.get("steps");
        assertThat(steps.size()).isBetween(1, 2);
        int largestKeepingUp = 0;
        for (JsonNode step : steps) {
            int cameras = step.get("cameras").asInt();
            assertThat(cameras).isBetween(1, 2);
            // Real frames: every one published got its committed result (the step drains), and
            // the job found the synthetic camera's faces in them.
            assertThat(step.get("frames_published").asLong()).isPositive();
            assertThat(step.get("frames_processed").asLong() + step.get("dead_letters").asLong())
                    .isEqualTo(step.get("frames_published").asLong());
            assertThat(step.get("faces_processed").asLong()).isPositive();
            assertThat(step.get("latency_frames").asInt()).isPositive();
            assertThat(step.get("latency_ms_p95").asDouble())
                    .isPositive()
                    .isGreaterThanOrEqualTo(step.get("latency_ms_p50").asDouble());
            assertThat(step.get("offered_fps").asDouble()).isPositive();
            assertThat(step.get("lag_frames_max").asDouble()).isGreaterThanOrEqualTo(0);
            assertThat(step.get("keeps_up").asBoolean()).isEqualTo(step.get("failed").isEmpty());
            if (step.get("keeps_up").asBoolean()) {
                largestKeepingUp = Math.max(largestKeepingUp, cameras);
            }
        }
        assertThat(json.get("cameras_per_node").asInt()).isEqualTo(largestKeepingUp);
        // One subtask per core unless --set parallelism says otherwise: the node's every core.
        assertThat(json.get("parallelism").asInt())
                .isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(json.get("cameras_per_core").asDouble())
                .isEqualTo((double) largestKeepingUp / Runtime.getRuntime().availableProcessors());
        assertThat(CameraSizing.summary(report).get(0)).startsWith("Cameras per node");
        assertThat(log).anyMatch(line -> line.contains(" cameras ("));
    }

    @Test
    void theSearchDoublesThenBisectsToTheResolution() {
        CameraSizing.Search search = new CameraSizing.Search(1, 256);
        List<Integer> tried = new ArrayList<>();
        // A node that keeps up with 13 cameras and no more.
        while (!search.done()) {
            int n = search.next();
            tried.add(n);
            search.record(n, n <= 13);
        }
        assertThat(tried).containsExactly(1, 2, 4, 8, 16, 12, 14, 13);
        assertThat(search.passing()).isEqualTo(13);
        assertThat(search.failing()).isEqualTo(14);
    }

    @Test
    void theSearchStopsAtItsMaximumOrWhenOneCameraIsTooMany() {
        CameraSizing.Search capped = new CameraSizing.Search(3, 5);
        List<Integer> tried = new ArrayList<>();
        while (!capped.done()) {
            tried.add(capped.next());
            capped.record(capped.next(), true);
        }
        assertThat(tried).containsExactly(3, 5);
        assertThat(capped.failing()).isNull();

        CameraSizing.Search none = new CameraSizing.Search(4, 8);
        tried.clear();
        while (!none.done()) {
            tried.add(none.next());
            none.record(none.next(), false);
        }
        assertThat(tried).containsExactly(4, 2, 1);
        assertThat(none.passing()).isZero();
    }
}
