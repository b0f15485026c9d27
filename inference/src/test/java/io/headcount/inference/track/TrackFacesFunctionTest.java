package io.headcount.inference.track;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TrackFacesFunctionTest {

    private static final long T0 = 1_780_000_000_000L;

    private final TrackerSettings settings = TrackerSettings.defaults();
    private KeyedOneInputStreamOperatorTestHarness<String, FrameDetections, FrameTracks> harness;

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
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
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
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
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
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        harness.processWatermark(lastFrame + settings.maxLostMillis());
        assertThat(harness.numKeyedStateEntries()).isZero();
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
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        harness.processWatermark(T0 + 25 * 100 + settings.maxLostMillis());
        assertThat(harness.numKeyedStateEntries()).isZero();
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
            assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        }
        send("cam-1", 4 + settings.maxMisses());

        assertThat(harness.numKeyedStateEntries()).isZero();
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
                        Types.STRING);
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
        long time = T0 + 100L * frame;
        harness.processElement(new FrameDetections("site", camera, time, frame, faces), time);
    }

    private static Detection face(float x) {
        return new Detection(x, 200, 60, 60, 0.9f);
    }
}
