package io.headcount.inference.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.vision.track.Detection;
import io.headcount.vision.track.FrameDetections;
import io.headcount.vision.track.FrameTracks;
import io.headcount.vision.track.TrackerSettings;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.clusterframework.types.ResourceID;
import org.apache.flink.runtime.executiongraph.ExecutionAttemptID;
import org.apache.flink.runtime.metrics.groups.TaskManagerMetricGroup;
import org.apache.flink.runtime.metrics.groups.TaskMetricGroup;
import org.apache.flink.runtime.metrics.util.TestingMetricRegistry;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TrackFacesFunctionTest {

    private static final long T0 = 1_780_000_000_000L;

    private final TrackerSettings settings = TrackerSettings.defaults();
    private KeyedOneInputStreamOperatorTestHarness<String, FrameDetections, FrameTracks> harness;

    /** The operator's counters by name, as it registered them with the metric system. */
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    @AfterEach
    void closeHarness() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void emitsOneTrackIdPerDetectionAndKeepsItAcrossFrames() throws Exception {
        harness = open(null);

        for (int i = 0; i < 4; i++) {
            send("cam-1", i, face(100 + 10 * i), face(500 - 10 * i));
        }

        List<FrameTracks> out = harness.extractOutputValues();
        assertThat(out).hasSize(4);
        String[] first = out.get(0).trackIds();
        assertThat(first).doesNotContainNull().doesNotHaveDuplicates();
        for (FrameTracks frame : out) {
            assertThat(frame.camera()).isEqualTo("cam-1");
            assertThat(frame.trackIds()).containsExactly(first);
        }
        assertThat(out.get(1).confirmed()).containsExactly(false, false);
        assertThat(out.get(2).confirmed()).containsExactly(true, true);
        assertThat(trackers()).isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
    }

    @Test
    void countsTheLowScoreDetectionsThatContinuedNoTrack() throws Exception {
        harness = open(null);

        send("cam-1", 0, face(100), new Detection(600, 200, 60, 60, 0.4f));
        send("cam-1", 1, face(105), new Detection(105, 400, 60, 60, 0.35f));

        // A low score never starts a track, and no confirmed track was there to continue.
        List<FrameTracks> out = harness.extractOutputValues();
        assertThat(out.get(0).trackIds()[1]).isNull();
        assertThat(out.get(1).trackIds()[1]).isNull();
        assertThat(counters.get(TrackFacesFunction.UNTRACKED_METRIC).getCount()).isEqualTo(2);
    }

    @Test
    void camerasHaveTrackersOfTheirOwn() throws Exception {
        harness = open(null);

        send("cam-1", 0, face(100));
        send("cam-2", 0, face(100));
        send("cam-1", 1, face(105));
        send("cam-2", 1);

        List<FrameTracks> out = harness.extractOutputValues();
        assertThat(out.get(0).trackIds()[0]).isNotEqualTo(out.get(1).trackIds()[0]);
        assertThat(out.get(2).trackIds()[0]).isEqualTo(out.get(0).trackIds()[0]);
        // cam-2's tentative track missed once: deleted, and with it cam-2's state and timer.
        assertThat(out.get(3).trackIds()).isEmpty();
        assertThat(trackers()).isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
    }

    @Test
    void clearsStateAndTimerWhenTheCameraStaysIdlePastTheTimeout() throws Exception {
        harness = open(null);
        for (int i = 0; i < 5; i++) {
            send("cam-1", i, face(100 + 10 * i));
        }
        long lastFrame = T0 + 4 * 100;

        harness.processWatermark(lastFrame + settings.maxLostMillis() - 1);
        assertThat(trackers()).isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        harness.processWatermark(lastFrame + settings.maxLostMillis());
        assertThat(trackers()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();

        // The camera comes back: a fresh tracker, a new id for the same place.
        String before = harness.extractOutputValues().get(4).trackIds()[0];
        send("cam-1", 5, face(150));
        assertThat(harness.extractOutputValues().get(5).trackIds()[0]).isNotEqualTo(before);
    }

    @Test
    void eachFrameMovesTheIdleTimer() throws Exception {
        harness = open(null);
        send("cam-1", 0, face(100));
        send("cam-1", 1, face(105));
        send("cam-1", 2, face(110));
        send("cam-1", 25, face(110)); // 2.3 s later, still within the timeout of the previous frame

        harness.processWatermark(T0 + 2 * 100 + settings.maxLostMillis());
        assertThat(trackers()).isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        harness.processWatermark(T0 + 25 * 100 + settings.maxLostMillis());
        assertThat(trackers()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void clearsStateAndTimerAtOnceWhenTheLastTrackIsDeleted() throws Exception {
        harness = open(null);
        for (int i = 0; i < 4; i++) {
            send("cam-1", i, face(100));
        }
        for (int i = 4; i < 4 + settings.maxMisses(); i++) {
            send("cam-1", i);
            assertThat(trackers()).isEqualTo(1);
        }
        send("cam-1", 4 + settings.maxMisses());

        assertThat(trackers()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void tracksKeepTheirIdsAcrossACheckpointAndRestore() throws Exception {
        harness = open(null);
        for (int i = 0; i < 4; i++) {
            send("cam-1", i, face(100 + 10 * i));
        }
        String id = harness.extractOutputValues().get(3).trackIds()[0];
        OperatorSubtaskState snapshot = harness.snapshot(1, T0 + 400);
        harness.close();

        harness = open(snapshot);
        send("cam-1", 4, face(140));

        FrameTracks restored = harness.extractOutputValues().get(0);
        assertThat(restored.trackIds()).containsExactly(id);
        assertThat(restored.confirmed()).containsExactly(true);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
    }

    @Test
    void dropsFramesARestartedGatewaySendsAgainAndCountsThem() throws Exception {
        harness = open(null);
        for (int i = 0; i < 6; i++) {
            send("cam-1", i, face(100 + 10 * i));
        }
        // A gateway killed after frame 5 had saved its position at frame 2: 3..5 come again.
        for (int i = 3; i < 9; i++) {
            send("cam-1", i, face(100 + 10 * i));
        }

        List<FrameTracks> out = harness.extractOutputValues();
        assertThat(out)
                .extracting(FrameTracks::frameSequence)
                .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        // The track went on from frame 5 to 6 as if nothing had happened.
        assertThat(out)
                .extracting(frame -> frame.trackIds()[0])
                .containsOnly(out.get(0).trackIds()[0]);
        assertThat(repeatedCount()).isEqualTo(3);
    }

    @Test
    void takesAFreshGatewayAndAnotherCameraForWhatTheyAre() throws Exception {
        harness = open(null);
        for (int i = 0; i < 5; i++) {
            send("cam-1", i, face(100));
        }
        // Same sequence numbers, later capture: a gateway started without its checkpoint.
        send("cam-1", 0, T0 + 10_000, face(100));
        // Earlier capture, later sequence: the camera's clock was set back.
        send("cam-1", 1, T0 + 9_000, face(100));
        // Another camera's numbers are its own.
        send("cam-2", 0, T0, face(100));
        // A frame that arrives late, after later ones: never taken, so taken now.
        send("cam-1", 7, face(100));
        send("cam-1", 6, face(100));

        assertThat(harness.extractOutputValues()).hasSize(10);
        assertThat(repeatedCount()).isZero();
    }

    @Test
    void remembersRecentFramesAfterTheTrackerIsClearedButNotForever() throws Exception {
        harness = open(null);
        send("cam-1", 0, face(100));
        send("cam-1", 1); // the tentative track is deleted: tracker state cleared at once
        assertThat(trackers()).isZero();
        assertThat(rememberedCameras()).isEqualTo(1);

        send("cam-1", 1);
        assertThat(repeatedCount()).isEqualTo(1);

        harness.setStateTtlProcessingTime(TrackFacesFunction.REPEAT_MEMORY.toMillis() + 1);
        send("cam-1", 1);
        assertThat(repeatedCount()).isEqualTo(1);
        assertThat(harness.extractOutputValues()).hasSize(3);
    }

    @Test
    void declaresItsOutputTypeAndName() {
        TrackFacesFunction<FrameDetections, FrameTracks> function =
                TrackFacesFunction.plain(settings);
        assertThat(function.getProducedType()).isEqualTo(Types.POJO(FrameTracks.class));
        assertThat(TrackFacesFunction.NAME).isEqualTo("track-faces");
    }

    private KeyedOneInputStreamOperatorTestHarness<String, FrameDetections, FrameTracks> open(
            OperatorSubtaskState restoreFrom) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, FrameDetections, FrameTracks> opened =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(TrackFacesFunction.plain(settings)),
                        FrameDetections::camera,
                        Types.STRING,
                        environmentRecordingCounters());
        // As in the job: a type that would need Kryo fails instead of falling back.
        ((SerializerConfigImpl) opened.getExecutionConfig().getSerializerConfig())
                .setGenericTypes(false);
        if (restoreFrom != null) {
            opened.initializeState(restoreFrom);
        }
        opened.open();
        return opened;
    }

    private void send(String camera, int frame, Detection... faces) throws Exception {
        send(camera, frame, T0 + 100L * frame, faces);
    }

    private void send(String camera, int frame, long time, Detection... faces) throws Exception {
        harness.processElement(new FrameDetections("site", camera, time, frame, faces), time);
    }

    /** Cameras with a tracker in keyed state. */
    private long trackers() {
        return camerasIn(TrackFacesFunction.STATE);
    }

    /** Cameras whose newest frame is remembered. */
    private long rememberedCameras() {
        return camerasIn(TrackFacesFunction.RECENT_FRAMES_STATE);
    }

    private long camerasIn(String state) {
        try (var keys =
                harness.getOperator()
                        .getKeyedStateBackend()
                        .getKeys(state, VoidNamespace.INSTANCE)) {
            return keys.count();
        }
    }

    private long repeatedCount() {
        return counters.get(TrackFacesFunction.REPEATED_METRIC).getCount();
    }

    /**
     * A task environment whose metric system hands the operator's counters to {@link #counters}.
     */
    private MockEnvironment environmentRecordingCounters() {
        TestingMetricRegistry registry =
                TestingMetricRegistry.builder()
                        .setRegisterConsumer(
                                (metric, name, group) -> {
                                    if (metric instanceof Counter counter) {
                                        counters.put(name, counter);
                                    }
                                })
                        .build();
        TaskMetricGroup task =
                TaskManagerMetricGroup.createTaskManagerMetricGroup(
                                registry, "localhost", ResourceID.generate())
                        .addJob(new JobID(), "inference")
                        .addTask(ExecutionAttemptID.randomId(), TrackFacesFunction.NAME);
        return new MockEnvironmentBuilder().setMetricGroup(task).build();
    }

    private static Detection face(float x) {
        return new Detection(x, 200, 60, 60, 0.9f);
    }
}
