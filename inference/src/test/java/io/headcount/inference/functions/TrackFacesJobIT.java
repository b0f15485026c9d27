package io.headcount.inference.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.vision.track.Detection;
import io.headcount.vision.track.FrameDetections;
import io.headcount.vision.track.FrameTracks;
import io.headcount.vision.track.TrackerSettings;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code track-faces} in a real job on a two-slot MiniCluster with generic types disabled, as the
 * inference job runs: the state and records serialize without Kryo, the output type comes from the
 * function, and each camera keeps its own ids.
 */
class TrackFacesJobIT {

    private static final long T0 = 1_780_000_000_000L;
    private static final List<String> CAMERAS = List.of("cam-1", "cam-2", "cam-3", "cam-4");

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @Test
    void tracksTwoFacesPerCameraWithIdsOfTheirOwn() throws Exception {
        Configuration config = new Configuration();
        config.set(PipelineOptions.GENERIC_TYPES, false);
        config.set(PipelineOptions.OBJECT_REUSE, true);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(2);
        List<FrameDetections> frames = new ArrayList<>();
        for (int frame = 0; frame < 20; frame++) {
            for (String camera : CAMERAS) {
                frames.add(
                        new FrameDetections(
                                "site",
                                camera,
                                T0 + 100L * frame,
                                frame,
                                1280,
                                720,
                                new Detection[] {
                                    new Detection(100 + 12 * frame, 200, 80, 80, 0.9f),
                                    new Detection(900 - 12 * frame, 400, 70, 70, 0.8f)
                                }));
            }
        }

        Map<String, List<FrameTracks>> byCamera = new TreeMap<>();
        try (CloseableIterator<FrameTracks> out =
                env.fromData(frames, TypeInformation.of(FrameDetections.class))
                        .assignTimestampsAndWatermarks(
                                WatermarkStrategy.<FrameDetections>forMonotonousTimestamps()
                                        .withTimestampAssigner(
                                                (frame, previous) -> frame.frameTime()))
                        .keyBy(FrameDetections::camera)
                        .process(TrackFacesFunction.plain(TrackerSettings.defaults()))
                        .name(TrackFacesFunction.NAME)
                        .uid(TrackFacesFunction.NAME)
                        .executeAndCollect()) {
            out.forEachRemaining(
                    tracks ->
                            byCamera.computeIfAbsent(tracks.camera(), c -> new ArrayList<>())
                                    .add(tracks));
        }

        assertThat(byCamera).containsOnlyKeys(CAMERAS);
        Set<String> allIds = new HashSet<>();
        for (List<FrameTracks> tracks : byCamera.values()) {
            assertThat(tracks).hasSize(20);
            Set<String> ids = new HashSet<>();
            for (FrameTracks frame : tracks) {
                ids.add(frame.trackIds()[0] + "/" + frame.trackIds()[1]);
            }
            assertThat(ids)
                    .as("one pair of ids through all frames of %s", tracks.get(0).camera())
                    .hasSize(1);
            assertThat(tracks.get(19).confirmed()).containsExactly(true, true);
            allIds.addAll(List.of(tracks.get(0).trackIds()));
        }
        assertThat(allIds).hasSize(2 * CAMERAS.size());
    }
}
