package io.headcount.inference.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.inference.records.DecodedFrame;
import io.headcount.inference.records.RawRecord;
import io.headcount.inference.testing.TestFrames;
import io.headcount.schemas.DeadLetter;
import io.headcount.schemas.codec.AvroBytes;
import io.headcount.vision.frame.FrameDecoder;
import io.headcount.vision.testing.TestImages;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.JobID;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.clusterframework.types.ResourceID;
import org.apache.flink.runtime.executiongraph.ExecutionAttemptID;
import org.apache.flink.runtime.metrics.groups.TaskManagerMetricGroup;
import org.apache.flink.runtime.metrics.groups.TaskMetricGroup;
import org.apache.flink.runtime.metrics.util.TestingMetricRegistry;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DecodeFrameFunctionTest {

    /** Decodes as prepare-frame does in the job, on the test thread. */
    private static final FrameDecoding DECODING =
            new FrameDecoding(FrameDecoder.DEFAULT_MAX_PIXELS, CaptureTimeRule.defaults()).open();

    private static byte[] jpeg;

    /**
     * Dead-letter counters by {@code reason/camera}, as the operator registered them with the
     * metric system.
     */
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    private OneInputStreamOperatorTestHarness<DecodeAttempt, DecodedFrame> harness;

    @BeforeAll
    static void loadFace() {
        jpeg = TestImages.bytes(TestImages.adultFaces(1).get(0));
    }

    @BeforeEach
    void openHarness() throws Exception {
        TestingMetricRegistry registry =
                TestingMetricRegistry.builder()
                        .setRegisterConsumer(
                                (metric, name, group) -> {
                                    String reason =
                                            group.getAllVariables()
                                                    .get(
                                                            "<"
                                                                    + DecodeFrameFunction
                                                                            .REASON_GROUP
                                                                    + ">");
                                    String camera =
                                            group.getAllVariables()
                                                    .get(
                                                            "<"
                                                                    + DecodeFrameFunction
                                                                            .CAMERA_GROUP
                                                                    + ">");
                                    if (name.equals(DecodeFrameFunction.DEAD_LETTER_METRIC)
                                            && reason != null) {
                                        counters.put(reason + "/" + camera, (Counter) metric);
                                    }
                                })
                        .build();
        TaskMetricGroup task =
                TaskManagerMetricGroup.createTaskManagerMetricGroup(
                                registry, "localhost", ResourceID.generate())
                        .addJob(new JobID(), "inference")
                        .addTask(ExecutionAttemptID.randomId(), "decode-frame");
        MockEnvironment environment = new MockEnvironmentBuilder().setMetricGroup(task).build();
        harness =
                new OneInputStreamOperatorTestHarness<>(
                        new ProcessOperator<>(new DecodeFrameFunction()), environment);
        harness.open();
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    @Test
    void passesAGoodFrameOnWithItsMetadataAndPixels() throws Exception {
        byte[] value = TestFrames.encode(TestFrames.event("cam-1", 7, jpeg, 200, 200));

        harness.processElement(DECODING.attempt(TestFrames.record(0, "cam-1", value)), 10L);

        List<DecodedFrame> frames = harness.extractOutputValues();
        assertThat(frames).hasSize(1);
        DecodedFrame frame = frames.get(0);
        assertThat(frame.frame().camera()).isEqualTo("cam-1");
        assertThat(frame.frame().site()).isEqualTo(TestFrames.SITE);
        assertThat(frame.frame().sequence()).isEqualTo(7);
        assertThat(frame.frame().captureTime())
                .isEqualTo(TestFrames.START.plusMillis(1400).toEpochMilli());
        assertThat(frame.image().width()).isEqualTo(200);
        // The size stays with the frame's metadata after the pixels are dropped (the tracker needs
        // it).
        assertThat(frame.frame().width()).isEqualTo(frame.image().width());
        assertThat(frame.frame().height()).isEqualTo(frame.image().height());
        assertThat(frame.image().pixels()).hasSize(200 * 200 * 3);
        assertThat(harness.getSideOutput(DecodeFrameFunction.DEAD_LETTERS)).isNullOrEmpty();
        assertThat(counters.values())
                .allSatisfy(counter -> assertThat(counter.getCount()).isZero());
    }

    @Test
    void passesAnEndOfStreamOnWithoutDecodingAnImage() throws Exception {
        byte[] value = TestFrames.encode(TestFrames.endOfStream("cam-1", 8));

        harness.processElement(DECODING.attempt(TestFrames.record(0, "cam-1", value)), 10L);

        List<DecodedFrame> frames = harness.extractOutputValues();
        assertThat(frames).hasSize(1);
        DecodedFrame end = frames.get(0);
        assertThat(end.frame().endOfStream()).isTrue();
        assertThat(end.frame().camera()).isEqualTo("cam-1");
        assertThat(end.frame().sequence()).isEqualTo(8);
        assertThat(end.frame().captureTime())
                .isEqualTo(TestFrames.START.plusMillis(1600).toEpochMilli());
        assertThat(end.image()).isNull();
        assertThat(harness.getSideOutput(DecodeFrameFunction.DEAD_LETTERS)).isNullOrEmpty();
        assertThat(counters.values())
                .allSatisfy(counter -> assertThat(counter.getCount()).isZero());
    }

    @Test
    void anOrdinaryFrameIsNotAnEndOfStream() throws Exception {
        byte[] value = TestFrames.encode(TestFrames.event("cam-1", 7, jpeg, 200, 200));

        harness.processElement(DECODING.attempt(TestFrames.record(0, "cam-1", value)), 10L);

        assertThat(harness.extractOutputValues())
                .singleElement()
                .satisfies(
                        frame -> {
                            assertThat(frame.frame().endOfStream()).isFalse();
                            assertThat(frame.image()).isNotNull();
                        });
    }

    @Test
    void sendsEachKindOfBadRecordToTheDeadLettersWithItsReason() throws Exception {
        byte[] random = new byte[300];
        new Random(1).nextBytes(random);
        byte[] encoded = TestFrames.encode(TestFrames.event("cam-1", 1, jpeg, 200, 200));
        byte[] truncatedAvro = Arrays.copyOf(encoded, encoded.length / 2);
        byte[] truncatedJpeg =
                TestFrames.encode(
                        TestFrames.event(
                                "cam-1", 2, Arrays.copyOf(jpeg, jpeg.length / 2), 200, 200));
        byte[] wrongSize = TestFrames.encode(TestFrames.event("cam-1", 3, jpeg, 640, 480));
        byte[] notJpeg = TestFrames.encode(TestFrames.event("cam-1", 4, random, 200, 200));
        byte[] noJpeg = TestFrames.encode(TestFrames.event("cam-1", 5, new byte[0], 200, 200));
        byte[] good = TestFrames.encode(TestFrames.event("cam-1", 6, jpeg, 200, 200));
        RawRecord keyless =
                new RawRecord("frames", 0, 18, TestFrames.START.toEpochMilli(), null, good);

        List<RawRecord> bad =
                List.of(
                        TestFrames.record(10, "cam-1", null),
                        TestFrames.record(11, "cam-1", random),
                        TestFrames.record(12, "cam-1", truncatedAvro),
                        TestFrames.record(13, "cam-1", truncatedJpeg),
                        TestFrames.record(14, "cam-1", wrongSize),
                        TestFrames.record(15, "cam-1", notJpeg),
                        TestFrames.record(16, "cam-1", noJpeg),
                        // A good frame under another camera's key, or none: it would reach a
                        // tracker that is not its camera's.
                        TestFrames.record(17, "cam-2", good),
                        keyless);
        for (RawRecord record : bad) {
            harness.processElement(DECODING.attempt(record), record.timestamp());
        }

        assertThat(harness.extractOutputValues()).isEmpty();
        List<DeadLetter> letters =
                harness.getSideOutput(DecodeFrameFunction.DEAD_LETTERS).stream()
                        .map(StreamRecord::getValue)
                        .toList();
        assertThat(letters)
                .extracting(DeadLetter::getReason)
                .containsExactly(
                        "EMPTY",
                        "NOT_SINGLE_OBJECT",
                        "MALFORMED_BODY",
                        "CORRUPT_JPEG",
                        "DIMENSION_MISMATCH",
                        "NOT_JPEG",
                        "EMPTY_JPEG",
                        "KEY_NOT_CAMERA",
                        "KEY_NOT_CAMERA");
        for (int i = 0; i < bad.size(); i++) {
            DeadLetter letter = letters.get(i);
            RawRecord source = bad.get(i);
            assertThat(letter.getStage()).isEqualTo(DecodeFrameFunction.STAGE);
            assertThat(letter.getSourceTopic()).isEqualTo("frames");
            assertThat(letter.getSourceOffset()).isEqualTo(source.offset());
            assertThat(letter.getSourceTimestamp().toEpochMilli()).isEqualTo(source.timestamp());
            assertThat(AvroBytes.copyOf(letter.getKey())).isEqualTo(source.key());
            assertThat(AvroBytes.copyOf(letter.getValue())).isEqualTo(source.value());
            assertThat(letter.getDetail()).isNotBlank();
        }
        // Undecodable records and a key that is not the frame's camera: the camera is unknown.
        for (String reason : List.of("EMPTY", "NOT_SINGLE_OBJECT", "MALFORMED_BODY")) {
            assertThat(counters.get(reason + "/unknown").getCount()).as(reason).isEqualTo(1);
        }
        for (String reason :
                List.of("CORRUPT_JPEG", "DIMENSION_MISMATCH", "NOT_JPEG", "EMPTY_JPEG")) {
            assertThat(counters.get(reason + "/cam-1").getCount()).as(reason).isEqualTo(1);
            assertThat(counters.get(reason + "/unknown").getCount()).as(reason).isZero();
        }
        assertThat(counters.get(FrameDecoding.KEY_NOT_CAMERA + "/unknown").getCount()).isEqualTo(2);
        assertThat(counters.get("FRAME_TOO_LARGE/unknown").getCount()).isZero();
    }

    @Test
    void boundsTheCameraLabelsOfOneSubtask() throws Exception {
        int cameras = DecodeFrameFunction.MAX_CAMERA_LABELS + 2;
        for (int n = 0; n < cameras; n++) {
            String camera = "cam-" + n;
            byte[] noJpeg = TestFrames.encode(TestFrames.event(camera, 1, new byte[0], 200, 200));
            harness.processElement(DECODING.attempt(TestFrames.record(n, camera, noJpeg)), n);
        }

        assertThat(counters.get("EMPTY_JPEG/cam-0").getCount()).isEqualTo(1);
        assertThat(counters.get("EMPTY_JPEG/other").getCount()).isEqualTo(2);
        assertThat(counters.keySet().stream().filter(key -> key.startsWith("EMPTY_JPEG/")))
                .hasSize(DecodeFrameFunction.MAX_CAMERA_LABELS + 2); // + unknown and other
        assertThat(harness.getSideOutput(DecodeFrameFunction.DEAD_LETTERS)).hasSize(cameras);
    }

    @Test
    void countsRepeatedFailuresOfOneReason() throws Exception {
        for (int offset = 0; offset < 3; offset++) {
            harness.processElement(
                    DECODING.attempt(TestFrames.record(offset, "cam-2", new byte[0])), offset);
        }

        assertThat(counters.get("EMPTY/unknown").getCount()).isEqualTo(3);
        assertThat(harness.getSideOutput(DecodeFrameFunction.DEAD_LETTERS)).hasSize(3);
    }
}
