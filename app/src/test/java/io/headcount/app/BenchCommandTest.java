package io.headcount.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.headcount.bench.BenchFrames;
import io.headcount.testkit.SharedAssets;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code headcount bench} briefly, on small frames: every figure the report promises is there and
 * sane. The OpenCV figures may be null where python3-opencv is not installed, but then the report
 * says why.
 */
class BenchCommandTest {

    @TempDir Path work;

    @Test
    void writesEveryFigureOfAShortRun() throws Exception {
        SharedAssets.data(BenchFrames.FACE_MANIFEST);
        SharedAssets.model("det_yunet_n_dynamic.onnx");
        Path out = work.resolve("bench.json");
        StringWriter err = new StringWriter();

        int exitCode =
                new CommandLine(new Headcount())
                        .setErr(new PrintWriter(err, true))
                        .execute(
                                "bench",
                                "--width=480",
                                "--height=270",
                                "--faces=2",
                                "--frames=6",
                                "--warmup-seconds=1",
                                "--max-warmup-seconds=2",
                                "--seconds=6",
                                "--rounds=2",
                                "--latency-seconds=3",
                                "--checkpoint-ms=300",
                                "--aggregation-observations=2000",
                                "--out",
                                out.toString());

        assertThat(exitCode).as("stderr:%n%s", err).isZero();
        JsonNode report = new ObjectMapper().readTree(out.toFile());
        for (String key :
                List.of(
                        "e2e_fps",
                        "e2e_faces_per_s",
                        "floor_fps",
                        "floor_1t_fps",
                        "floor_workers_fps",
                        "floor_intra_op_fps",
                        "floor_described_share",
                        "e2e_vs_floor",
                        "e2e_vs_floor_1t",
                        "detect_ms",
                        "peak_rss_mb",
                        "frame_to_observation_ms_p50",
                        "frame_to_processed_ms_p99",
                        "warmup_s",
                        "floor_cpu_ms_per_frame",
                        "e2e_job_threads_vs_floor",
                        "aggregation_observations_per_s",
                        "aggregation_records_per_s",
                        "aggregation_observations_per_cpu_s",
                        "aggregation_observations_per_stream_thread_cpu_s")) {
            assertThat(report.get(key).isNumber()).as(key).isTrue();
            assertThat(report.get(key).asDouble()).as(key).isPositive();
        }
        // A warm-up of 1 s at least and 2 s (plus the drain of its steps) at most; the JIT of a
        // just-started JVM is far from settled after it, and still compiles in the rounds.
        assertThat(report.get("warmup_s").asDouble()).isBetween(1.0, 30.0);
        assertThat(report.get("warmup_jit_share").asDouble()).isPositive();
        assertThat(report.get("e2e_jit_ms_per_frame").asDouble()).isPositive();
        assertThat(report.get("e2e_vs_floor").asDouble())
                .isCloseTo(
                        report.get("e2e_fps").asDouble() / report.get("floor_fps").asDouble(),
                        org.assertj.core.data.Offset.offset(0.01));
        // The all-core floor is the faster of its two ways of using the cores.
        assertThat(report.get("floor_fps").asDouble())
                .isEqualTo(
                        Math.max(
                                report.get("floor_workers_fps").asDouble(),
                                report.get("floor_intra_op_fps").asDouble()));
        assertThat(report.get("floor_threads").asInt())
                .isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(report.get("floor_mode").asText()).isIn("workers", "intra_op");
        assertThat(report.get("floor_described_share").asDouble()).isLessThanOrEqualTo(1.0);
        // Frames go through at most as fast as ORT alone could run their models on all cores
        // (slack for a shared machine, whose load moves between the floor and the slice).
        assertThat(report.get("e2e_vs_floor").asDouble()).isLessThan(2.5);
        assertThat(report.get("e2e_frames").asLong()).isPositive();
        // The heads ran on some of the faces the job saw, never on more (slack: 3 decimals).
        assertThat(report.get("e2e_faces_described_per_frame").asDouble())
                .isGreaterThanOrEqualTo(0.0)
                .isLessThanOrEqualTo(
                        report.get("e2e_faces_per_s").asDouble() / report.get("e2e_fps").asDouble()
                                + 0.01);
        // One camera per core by default, frames in flight for a checkpoint interval (0.3 s).
        assertThat(report.get("e2e_cameras").asInt())
                .isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(report.get("e2e_camera_ids")).hasSize(report.get("e2e_cameras").asInt());
        assertThat(report.get("frames_in_flight").asInt()).isEqualTo(60);
        // Where the CPU went: the job's own threads did work, and the parts add up to the total.
        JsonNode cpu = report.get("e2e_cpu_ms_per_frame");
        assertThat(cpu.get("job_tasks").asDouble()).isPositive();
        assertThat(cpu.get("job_decoding").asDouble()).isPositive();
        double parts = 0;
        for (var part : cpu.properties()) {
            if (!part.getKey().equals("total")) {
                parts += part.getValue().asDouble();
            }
        }
        assertThat(cpu.get("total").asDouble())
                .isCloseTo(parts, org.assertj.core.data.Offset.offset(0.01 * parts + 0.01));
        assertThat(report.get("peak_rss_mb").asDouble()).isGreaterThan(100);
        assertThat(report.get("rss_peak_by_quarter_mb")).hasSize(4);
        report.get("rss_peak_by_quarter_mb")
                .forEach(peak -> assertThat(peak.asDouble()).isGreaterThan(100));
        assertThat(report.get("frame_to_processed_ms_p99").asDouble())
                .isGreaterThanOrEqualTo(report.get("frame_to_processed_ms_p50").asDouble());
        assertThat(report.has("opencv_detect_ms")).isTrue();
        assertThat(report.has("detect_vs_opencv")).isTrue();
        if (report.get("opencv_detect_ms").isNull()) {
            assertThat(report.get("opencv_unavailable").asText()).isNotBlank();
            assertThat(report.get("detect_vs_opencv").isNull()).isTrue();
        } else {
            assertThat(report.get("detect_vs_opencv").asDouble())
                    .isCloseTo(
                            report.get("opencv_detect_ms").asDouble()
                                    / report.get("detect_ms").asDouble(),
                            org.assertj.core.data.Offset.offset(0.01));
        }
        // 2000 observations: 200 frames of four cameras, 20 s of event time, one window each.
        assertThat(report.get("aggregation_observations").asLong()).isEqualTo(2000);
        assertThat(report.get("aggregation_windows").asInt()).isEqualTo(4);
        assertThat(report.get("aggregation_load_average_start").asText()).isNotBlank();
        assertThat(err.toString()).contains("e2e / floor").contains("Aggregation");
    }

    @Test
    void sizingRefusesAFirstStepAboveItsMaximumBeforeStartingAnything() {
        StringWriter err = new StringWriter();

        int exitCode =
                new CommandLine(new Headcount())
                        .setErr(new PrintWriter(err, true))
                        .execute("bench", "--sizing", "--cameras=4", "--max-cameras=2");

        assertThat(exitCode).isNotZero();
        assertThat(err.toString()).contains("first (4) <= max (2)");
    }
}
