package io.headcount.inference.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headcount.inference.records.DetectedFrame;
import io.headcount.inference.records.FrameInfo;
import io.headcount.vision.attributes.FaceDescription;
import io.headcount.vision.detect.DetectedFace;
import io.headcount.vision.detect.FaceBox;
import io.headcount.vision.track.Detection;
import io.headcount.vision.track.FrameDetections;
import io.headcount.vision.track.FrameTracks;
import io.headcount.vision.track.TrackerSettings;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class DetectedFrameTrackingTest {

    private static final long T0 = 1_780_000_000_000L;

    private final DetectedFrameTracking tracking = new DetectedFrameTracking();

    @Test
    void givesTheTrackerEachFacesBoxAndScoreWithTheFrameSize() {
        FrameInfo info = new FrameInfo("store-1", "cam-1", "gw-1", 4, T0, false, 1280, 720);
        DetectedFrame frame = described(info, face(100, 0.9f), face(600, 0.7f));

        FrameDetections detections = tracking.detections(frame);

        assertThat(detections)
                .isEqualTo(
                        new FrameDetections(
                                "store-1",
                                "cam-1",
                                T0,
                                4,
                                1280,
                                720,
                                new Detection[] {
                                    new Detection(100, 50, 80, 90, 0.9f),
                                    new Detection(600, 50, 80, 90, 0.7f)
                                }));
    }

    @Test
    void passesAnEndOfStreamAsAFrameWithoutDetections() {
        FrameInfo end = new FrameInfo("store-1", "cam-1", "gw-1", 9, T0 + 1800, true);

        FrameDetections detections =
                tracking.detections(new DetectedFrame(end, null, new DetectedFace[0], null));

        assertThat(detections.detections()).isEmpty();
        assertThat(detections.frameTime()).isEqualTo(T0 + 1800);
        assertThat(detections.frameSequence()).isEqualTo(9);
    }

    @Test
    void attachesTheTrackIdsInFaceOrderAndDropsTheFacesNoTrackTook() {
        FrameInfo info = new FrameInfo("store-1", "cam-1", "gw-1", 4, T0, false, 1280, 720);
        DetectedFrame frame = described(info, face(100, 0.9f), face(300, 0.4f), face(600, 0.7f));

        DetectedFrame tracked =
                tracking.withTracks(
                        frame,
                        new FrameTracks(
                                "store-1",
                                "cam-1",
                                T0,
                                4,
                                new String[] {"a1", null, "b2"},
                                new boolean[] {true, false, false}));

        assertThat(tracked.trackIds()).containsExactly("a1", "b2");
        assertThat(tracked.faces()).containsExactly(frame.faces()[0], frame.faces()[2]);
        assertThat(tracked.descriptions())
                .containsExactly(frame.descriptions()[0], frame.descriptions()[2]);
        assertThat(tracked.frame()).isEqualTo(info);
        assertThatThrownBy(
                        () ->
                                tracking.withTracks(
                                        frame,
                                        new FrameTracks(
                                                "store-1",
                                                "cam-1",
                                                T0,
                                                4,
                                                new String[1],
                                                new boolean[1])))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theTrackedFrameHasAPojoSerializerWithoutKryo() throws Exception {
        // The job bans generic types: the frame crosses the keyBy before track-faces as a POJO.
        TypeInformation<DetectedFrame> type = tracking.outputType();
        assertThat(type).isInstanceOf(PojoTypeInfo.class);
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false);
        TypeSerializer<DetectedFrame> serializer = type.createSerializer(config);
        FrameInfo info = new FrameInfo("store-1", "cam-1", "gw-1", 4, T0, false, 1280, 720);
        DetectedFrame tracked =
                described(info, face(100, 0.9f), face(600, 0.7f))
                        .tracked(new String[] {"a1", null});
        DetectedFrame end =
                new DetectedFrame(
                        new FrameInfo("store-1", "cam-1", "gw-1", 5, T0 + 200, true),
                        null,
                        new DetectedFace[0]);

        for (DetectedFrame frame : List.of(tracked, end)) {
            DataOutputSerializer out = new DataOutputSerializer(256);
            serializer.serialize(frame, out);
            assertThat(serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer())))
                    .isEqualTo(frame);
        }
    }

    @Test
    void keepsOneTrackIdPerFaceAcrossFramesInTheTrackerFunction() throws Exception {
        List<DetectedFrame> frames = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            frames.add(
                    described(
                            frameInfo(i, T0 + 200L * i),
                            face(100 + 5 * i, 0.9f),
                            face(600 - 5 * i, 0.8f)));
        }
        frames.add(
                new DetectedFrame(
                        frameInfo(4, T0 + 800), null, new DetectedFace[0], new FaceDescription[0]));

        List<DetectedFrame> out = trackAll(frames);

        assertThat(out).hasSize(5);
        String[] first = out.get(0).trackIds();
        assertThat(first).hasSize(2).doesNotContainNull().doesNotHaveDuplicates();
        assertThat(out.subList(0, 4))
                .allSatisfy(frame -> assertThat(frame.trackIds()).containsExactly(first));
        assertThat(out.get(4).trackIds()).isEmpty();
    }

    @Test
    void aLowScoreFaceContinuesAConfirmedTrackAndOneThatContinuesNoneIsDropped() throws Exception {
        // Three frames confirm the face at x = 100; in the fourth it scores 0.4 (below the high
        // score: ByteTrack's second pass), and a stray 0.4 far away matches no track.
        List<DetectedFrame> frames = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            frames.add(described(frameInfo(i, T0 + 100L * i), face(100 + 5 * i, 0.9f)));
        }
        frames.add(described(frameInfo(3, T0 + 300), face(115, 0.4f), face(900, 0.4f)));

        List<DetectedFrame> out = trackAll(frames);

        String track = out.get(0).trackIds()[0];
        assertThat(out.get(3).trackIds()).containsExactly(track);
        assertThat(out.get(3).faces()).extracting(DetectedFace::score).containsExactly(0.4f);
    }

    /** {@code frames} of one camera through {@code track-faces}, what came out. */
    private List<DetectedFrame> trackAll(List<DetectedFrame> frames) throws Exception {
        TrackFacesFunction<DetectedFrame, DetectedFrame> function =
                new TrackFacesFunction<>(TrackerSettings.defaults(), tracking);
        try (KeyedOneInputStreamOperatorTestHarness<String, DetectedFrame, DetectedFrame> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(function),
                        detected -> detected.frame().camera(),
                        Types.STRING)) {
            harness.open();
            for (DetectedFrame frame : frames) {
                harness.processElement(frame, frame.frame().captureTime());
            }
            return harness.extractOutputValues();
        }
    }

    private static FrameInfo frameInfo(long sequence, long captureTime) {
        return new FrameInfo("store-1", "cam-1", "gw-1", sequence, captureTime, false, 1280, 720);
    }

    private static DetectedFrame described(FrameInfo info, DetectedFace... faces) {
        FaceDescription[] descriptions = new FaceDescription[faces.length];
        for (int i = 0; i < faces.length; i++) {
            descriptions[i] = new FaceDescription(80, 100f, 0f, true, 0.5f, null, null, null);
        }
        return new DetectedFrame(info, null, faces, descriptions);
    }

    private static DetectedFace face(float x, float score) {
        return new DetectedFace(new FaceBox(x, 50, 80, 90), score, new float[10]);
    }
}
