package io.headcount.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.inference.settings.CheckpointOptions;
import io.headcount.inference.settings.JobOptions;
import io.headcount.inference.settings.KafkaOptions;
import io.headcount.inference.testing.TestFrames;
import io.headcount.schemas.DeadLetter;
import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.FrameEvent;
import io.headcount.schemas.FrameProcessed;
import io.headcount.schemas.topics.Topic;
import io.headcount.schemas.topics.Topics;
import io.headcount.testkit.KafkaBrokerExtension;
import io.headcount.testkit.SharedAssets;
import io.headcount.vision.detect.YuNetModel;
import io.headcount.vision.frame.BgrImage;
import io.headcount.vision.settings.ModelOptions;
import io.headcount.vision.testing.TestImages;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The production wiring, as the embedded mode runs it: a real broker, the Kafka source in bounded
 * mode, exactly-once Kafka sinks, and the job started through {@link InferenceJob#runOn} on a local
 * environment in this JVM.
 */
class InferenceJobKafkaIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA =
            KafkaBrokerExtension.withTopics(Topics.all()).withPartitions(2);

    private static final Topic<byte[], DeadLetter> FRAME_DEAD_LETTERS =
            Topics.deadLettersOf(Topics.FRAMES.name());

    @Test
    void readsFramesAndWritesCommittedObservationsFramesProcessedAndDeadLetters() throws Exception {
        String models = SharedAssets.model(YuNetModel.SPEC.fileName()).getParent().toString();
        List<BgrImage> crops = TestImages.adultFaces(3).stream().map(TestImages::read).toList();
        BgrImage twoFaces =
                TestImages.paste(
                        TestImages.paste(TestImages.greyFrame(640, 360), crops.get(0), 20, 40),
                        crops.get(1),
                        400,
                        100);
        BgrImage oneFace = TestImages.paste(TestImages.greyFrame(640, 360), crops.get(2), 200, 60);
        publish(frame("cam-1", 0, twoFaces));
        publish(frame("cam-2", 0, oneFace));
        publish(frame("cam-1", 1, TestImages.greyFrame(640, 360)));
        publish(TestFrames.endOfStream("cam-1", 2));
        byte[] garbage = new byte[500];
        new Random(9).nextBytes(garbage);
        KAFKA.produceBytes(Topics.FRAMES.name(), "cam-3".getBytes(StandardCharsets.UTF_8), garbage);

        JobOptions options =
                JobOptions.fromMap(
                        Map.of(
                                KafkaOptions.BOOTSTRAP_SERVERS, KAFKA.bootstrapServers(),
                                KafkaOptions.BOUNDED, "true",
                                KafkaOptions.STARTING_OFFSETS, "earliest",
                                CheckpointOptions.CHECKPOINT_INTERVAL_MS, "500",
                                CheckpointOptions.RESTART_ATTEMPTS, "0",
                                CheckpointOptions.PARALLELISM, "2",
                                ModelOptions.MODELS_DIR, models));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment();

        JobClient job = InferenceJob.runOn(env, options);
        job.getJobExecutionResult().get(3, TimeUnit.MINUTES);

        List<ConsumerRecord<String, FaceObservation>> observations =
                KAFKA.consumeFor(Topics.FACE_OBSERVATIONS, Duration.ofSeconds(2));
        assertThat(observations).hasSize(3);
        Map<String, Long> perFrame =
                observations.stream()
                        .collect(
                                Collectors.groupingBy(
                                        r -> r.key() + "#" + r.value().getFrameSequence(),
                                        TreeMap::new,
                                        Collectors.counting()));
        assertThat(perFrame).isEqualTo(Map.of("cam-1#0", 2L, "cam-2#0", 1L));
        assertThat(observations)
                .allSatisfy(
                        record -> {
                            assertThat(record.key()).isEqualTo(record.value().getCamera());
                            assertThat(record.timestamp())
                                    .isEqualTo(record.value().getFrameTime().toEpochMilli());
                        });
        // track-faces ran on the Kafka wiring too: three faces, three tracks of their own.
        assertThat(observations)
                .extracting(record -> record.value().getTrackId())
                .doesNotContainNull()
                .doesNotHaveDuplicates();

        List<ConsumerRecord<String, FrameProcessed>> framesProcessed =
                KAFKA.consumeFor(Topics.FRAMES_PROCESSED, Duration.ofSeconds(1));
        assertThat(framesProcessed)
                .allSatisfy(
                        record -> {
                            assertThat(record.key()).isEqualTo(record.value().getCamera());
                            assertThat(record.timestamp())
                                    .isEqualTo(record.value().getFrameTime().toEpochMilli());
                        });
        // One partition per camera, so a camera's records arrive in capture order, the end of
        // stream last.
        assertThat(framesProcessed)
                .extracting(
                        r ->
                                r.key()
                                        + "#"
                                        + r.value().getFrameSequence()
                                        + ":"
                                        + r.value().getFaces()
                                        + (r.value().getEndOfStream() ? ":end" : ""))
                .filteredOn(frame -> frame.startsWith("cam-1#"))
                .containsExactly("cam-1#0:2", "cam-1#1:0", "cam-1#2:0:end");
        assertThat(framesProcessed)
                .extracting(
                        r ->
                                r.key()
                                        + "#"
                                        + r.value().getFrameSequence()
                                        + ":"
                                        + r.value().getFaces())
                .filteredOn(frame -> !frame.startsWith("cam-1#"))
                .containsExactly("cam-2#0:1");

        List<ConsumerRecord<byte[], DeadLetter>> deadLetters =
                KAFKA.consumeFor(FRAME_DEAD_LETTERS, Duration.ofSeconds(1));
        assertThat(deadLetters).hasSize(1);
        DeadLetter letter = deadLetters.get(0).value();
        assertThat(letter.getReason()).isEqualTo("NOT_SINGLE_OBJECT");
        assertThat(new String(deadLetters.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("cam-3");
        assertThat(letter.getSourceTopic()).isEqualTo(Topics.FRAMES.name());
        assertThat(letter.getValue().remaining()).isEqualTo(garbage.length);
        // The same dead letter for the aggregation's camera health, without the record's bytes.
        List<ConsumerRecord<String, DeadLetter>> notices =
                KAFKA.consumeFor(Topics.DEAD_LETTERED_FRAMES, Duration.ofSeconds(1));
        assertThat(notices).hasSize(1);
        assertThat(notices.get(0).key()).isEqualTo("cam-3");
        assertThat(notices.get(0).value().getValue()).isNull();
        assertThat(notices.get(0).value().getReason()).isEqualTo("NOT_SINGLE_OBJECT");
        assertThat(notices.get(0).value().getSourceOffset()).isEqualTo(letter.getSourceOffset());
    }

    private static FrameEvent frame(String camera, long sequence, BgrImage image) {
        return TestFrames.event(
                camera, sequence, TestImages.jpeg(image), image.width(), image.height());
    }

    /**
     * As the gateway publishes a frame: keyed by camera, Kafka timestamp = capture time (the
     * watermarks' clock).
     */
    private static void publish(FrameEvent event) {
        KAFKA.produce(Topics.FRAMES, event.getCamera(), event, event.getCaptureTime());
    }
}
