package io.headcount.app.faults;

import io.headcount.core.Windows;
import io.headcount.ingest.gateway.GatewayConfig;
import io.headcount.ingest.gateway.GatewayConfigLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The input of a run: one synthetic camera (people with known faces, some masked, walking across a
 * small frame) published in real time by a gateway with fixed capture times, so every run of a
 * scenario sends the same frames byte for byte and the outputs can be compared record for record.
 *
 * @param start capture time of the first frame, on a window boundary
 * @param frames frames before the end-of-stream record (0 = endless, for the soak)
 */
record Scenario(
        Instant start,
        long frames,
        double fps,
        int width,
        int height,
        long seed,
        Duration window,
        Duration grace) {

    static final String SITE = "lab";
    static final String CAMERA = "cam-faults";

    /**
     * 150 frames of 320x240 at 10 fps (15 s of event time, 3 windows of 5 s), starting on a window
     * boundary a few minutes back: Kafka keeps and accepts these timestamps, and windows align.
     */
    static Scenario small() {
        Duration window = Duration.ofSeconds(5);
        Instant start = Windows.recentStart(Duration.ofMinutes(5), window);
        return new Scenario(start, 150, 10, 320, 240, 11, window, Duration.ofSeconds(5));
    }

    /** The same camera without an end, capture times starting now (latency = now - frame time). */
    static Scenario endless(double fps) {
        Duration window = Duration.ofSeconds(10);
        Instant start = Windows.recentStart(Duration.ZERO, Duration.ofSeconds(1));
        return new Scenario(start, 0, fps, 320, 240, 11, window, Duration.ofSeconds(5));
    }

    Instant captureTimeOf(long frame) {
        return start.plusMillis(Math.round(frame * 1000.0 / fps));
    }

    /** Start of the window holding the last frame: the run is over once that window is out. */
    Instant lastWindowStart() {
        return Windows.startOf(captureTimeOf(frames - 1), window);
    }

    /** The gateway's configuration; with {@code checkpoint} a restarted gateway resumes. */
    GatewayConfig gateway(String bootstrapServers, Path checkpoint, Path folder) {
        return GatewayConfigLoader.parse(gatewayYaml(bootstrapServers, checkpoint), folder);
    }

    /**
     * The gateway's configuration file for this scenario, as {@code headcount gateway} reads it.
     */
    String gatewayYaml(String bootstrapServers, Path checkpoint) {
        return gatewayYaml(bootstrapServers, checkpoint, List.of(CAMERA), true);
    }

    /**
     * As above, with the scenario shown by each of {@code cameras}, the i-th with seed {@code seed
     * + i} (other people), sent in real time or as fast as the broker takes them.
     */
    String gatewayYaml(
            String bootstrapServers, Path checkpoint, List<String> cameras, boolean realTime) {
        List<String> lines = new ArrayList<>();
        lines.add("gateway: gw-faults");
        lines.add("kafka: {bootstrapServers: '" + bootstrapServers + "'}");
        lines.add(checkpoint == null ? "" : "checkpoint: '" + checkpoint + "'");
        lines.add("progressEvery: 0");
        lines.add("cameras:");
        for (int i = 0; i < cameras.size(); i++) {
            lines.addAll(
                    List.of(
                            "  - site: " + SITE,
                            "    camera: " + cameras.get(i),
                            "    fps: " + fps,
                            "    start: " + start,
                            "    realTime: " + realTime,
                            "    source:",
                            "      type: synthetic",
                            "      width: " + width,
                            "      height: " + height,
                            "      frames: " + frames,
                            "      density: 2",
                            "      speed: 0.3",
                            "      minFace: 48",
                            "      maxFace: 80",
                            "      masked: 0.3",
                            "      seed: " + (seed + i)));
        }
        lines.add("");
        return String.join("\n", lines);
    }

    /** This scenario with {@code count} frames. */
    Scenario withFrames(long count) {
        return new Scenario(start, count, fps, width, height, seed, window, grace);
    }
}
