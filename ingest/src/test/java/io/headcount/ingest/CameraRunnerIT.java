package io.headcount.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.headcount.core.jpeg.JpegMarkers;
import io.headcount.ingest.metrics.GatewayMetrics;
import io.headcount.ingest.publish.FramePublisher;
import io.headcount.ingest.publish.FrameSizeLimit;
import io.headcount.ingest.publish.PublishFailedException;
import io.headcount.ingest.publish.PublisherSettings;
import io.headcount.ingest.source.ImageFolderOptions;
import io.headcount.ingest.source.ImageFolderSource;
import io.headcount.schemas.FrameEvent;
import io.headcount.schemas.codec.AvroBytes;
import io.headcount.schemas.topics.Topic;
import io.headcount.schemas.topics.Topics;
import io.headcount.testkit.KafkaBrokerExtension;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The gateway against a real broker: folders of real faces in, frames on the topic out. */
class CameraRunnerIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.withTopics(Topics.all());

    private static final Duration WAIT = Duration.ofSeconds(30);

    /**
     * Recent, so that the broker neither deletes the frames by retention nor refuses them as too
     * far in the future; whole seconds, so that the expected times read plainly.
     */
    private static final Instant START =
            Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS);

    @TempDir Path folder;

    private final MeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void publishesAFolderOfFacesAsNumberedEvenlyTimedFrames() throws IOException {
        List<Path> faces = TestImages.faces(20);
        for (Path face : faces) {
            TestImages.copy(face, folder, face.getFileName().toString());
        }
        CameraSettings camera =
                CameraSettings.of(
                        "store-1", "cam-entrance", "gw-1", FrameTiming.asFastAsPossible(START, 10));

        RunSummary summary =
                publish(
                        Topics.FRAMES,
                        camera,
                        ImageFolderOptions.defaults(),
                        PublisherSettings.of(KAFKA.bootstrapServers(), "gw-1"));

        assertThat(summary)
                .isEqualTo(
                        new RunSummary(
                                "cam-entrance",
                                20,
                                20,
                                0,
                                0,
                                0,
                                START,
                                START.plusMillis(1900),
                                true));
        List<ConsumerRecord<String, FrameEvent>> records = KAFKA.consume(Topics.FRAMES, 21, WAIT);
        assertThat(records).hasSize(21);
        List<ConsumerRecord<String, FrameEvent>> frames = records.subList(0, 20);
        for (int i = 0; i < frames.size(); i++) {
            ConsumerRecord<String, FrameEvent> record = frames.get(i);
            FrameEvent frame = record.value();
            Instant captured = START.plusMillis(100L * i);
            assertThat(record.key()).isEqualTo("cam-entrance");
            assertThat(frame.getCamera()).isEqualTo("cam-entrance");
            assertThat(frame.getSite()).isEqualTo("store-1");
            assertThat(frame.getGateway()).isEqualTo("gw-1");
            assertThat(frame.getSequence()).isEqualTo(i);
            assertThat(frame.getCaptureTime()).isEqualTo(captured);
            assertThat(record.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
            assertThat(record.timestamp()).isEqualTo(captured.toEpochMilli());
            assertThat(frame.getEndOfStream()).isFalse();
            byte[] jpeg = AvroBytes.copyOf(frame.getJpeg());
            BufferedImage image = TestImages.decode(jpeg);
            assertThat(image.getWidth()).isEqualTo(frame.getWidth()).isEqualTo(200);
            assertThat(image.getHeight()).isEqualTo(frame.getHeight()).isEqualTo(200);
            assertThat(JpegMarkers.isBaseline(jpeg)).isTrue();
            byte[] original = Files.readAllBytes(faces.get(i));
            if (JpegMarkers.isBaseline(original)) {
                assertThat(jpeg)
                        .as("baseline file %s sent byte for byte", faces.get(i))
                        .isEqualTo(original);
            } else {
                assertThat(TestImages.meanAbsoluteDifference(image, TestImages.decode(original)))
                        .isLessThan(4.0);
            }
        }
        FrameEvent end = records.get(20).value();
        assertThat(records.get(20).key()).isEqualTo("cam-entrance");
        assertThat(end.getEndOfStream()).isTrue();
        assertThat(end.getSequence()).isEqualTo(20);
        assertThat(end.getCaptureTime()).isEqualTo(START.plusMillis(2000));
        assertThat(end.getJpeg().remaining()).isZero();
        assertThat(counter(GatewayMetrics.SENT, "cam-entrance")).isEqualTo(20);
    }

    @Test
    void aCorruptFileIsSkippedAndCountedAndTheOthersArePublishedWithoutGaps(TestInfo test)
            throws IOException {
        List<Path> faces = TestImages.faces(4);
        TestImages.copy(faces.get(0), folder, "a.jpg");
        TestImages.copy(faces.get(1), folder, "b.jpg");
        TestImages.truncatedJpeg(folder, "c.jpg");
        TestImages.copy(faces.get(2), folder, "d.jpg");
        TestImages.copy(faces.get(3), folder, "e.jpg");
        Topic<String, FrameEvent> topic = topicFor(test);
        CameraSettings camera =
                CameraSettings.of(
                        "store-1", "cam-2", "gw-1", FrameTiming.asFastAsPossible(START, 5));

        RunSummary summary = publish(topic, camera, ImageFolderOptions.defaults(), settings(topic));

        assertThat(summary.published()).isEqualTo(4);
        assertThat(summary.sent()).isEqualTo(4);
        assertThat(summary.skipped()).isEqualTo(1);
        assertThat(counter(GatewayMetrics.SKIPPED, "cam-2")).isEqualTo(1);
        List<FrameEvent> frames = frames(KAFKA.consume(topic, 5, WAIT));
        assertThat(frames).extracting(FrameEvent::getSequence).containsExactly(0L, 1L, 2L, 3L);
        assertThat(frames)
                .extracting(FrameEvent::getCaptureTime)
                .containsExactly(
                        START, START.plusMillis(200), START.plusMillis(400), START.plusMillis(600));
        // d.jpg, after the corrupt file, is frame 2.
        assertThat(
                        TestImages.meanAbsoluteDifference(
                                TestImages.decode(AvroBytes.copyOf(frames.get(2).getJpeg())),
                                TestImages.decode(Files.readAllBytes(faces.get(2)))))
                .isLessThan(4.0);
    }

    @Test
    void replaysOfTheSameFolderAndStartGiveTheSameFrames() throws IOException {
        for (Path face : TestImages.faces(8)) {
            TestImages.copy(face, folder, face.getFileName().toString());
        }
        TestImages.copy(TestImages.data(TestImages.WIDE_PHOTO), folder, "wide.jpg");
        TestImages.write(
                folder.resolve("mask.png"),
                Files.readAllBytes(TestImages.data(TestImages.RGBA_PNG)));
        CameraSettings camera =
                CameraSettings.of(
                        "store-1", "cam-3", "gw-1", FrameTiming.asFastAsPossible(START, 25));
        ImageFolderOptions options = ImageFolderOptions.defaults().withMaxSide(320);
        Topic<String, FrameEvent> first = topic("frames-replay-1");
        Topic<String, FrameEvent> second = topic("frames-replay-2");

        RunSummary firstRun = publish(first, camera, options, settings(first));
        RunSummary secondRun = publish(second, camera, options, settings(second));

        assertThat(secondRun).isEqualTo(firstRun);
        List<ConsumerRecord<String, FrameEvent>> a = KAFKA.consume(first, 11, WAIT);
        List<ConsumerRecord<String, FrameEvent>> b = KAFKA.consume(second, 11, WAIT);
        assertThat(b).hasSameSizeAs(a).hasSize(11);
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).value())
                    .isEqualTo(a.get(i).value()); // Avro equality: every field, every byte
            assertThat(b.get(i).timestamp()).isEqualTo(a.get(i).timestamp());
            assertThat(b.get(i).key()).isEqualTo(a.get(i).key());
        }
    }

    @Test
    void oversizedFramesAreDownscaledOrRejectedAndNeverLostSilently(TestInfo test)
            throws IOException {
        TestImages.copy(TestImages.data(TestImages.BASELINE_FACE), folder, "1-face.jpg"); // 3.8 KB
        TestImages.copy(TestImages.data(TestImages.WIDE_PHOTO), folder, "2-photo.jpg"); // 145 KB
        // Noise just above the smallest downscale: about 8 KB even at 160 pixels.
        TestImages.write(
                folder.resolve("3-noise.png"),
                TestImages.encode(TestImages.noise(200, 150, 5), "png"));
        TestImages.copy(
                TestImages.data(TestImages.UTK_FACES + "/10_0_0_20170104013211746.jpg.chip.jpg"),
                folder,
                "4-face.jpg");
        Topic<String, FrameEvent> topic = topicFor(test);
        CameraSettings camera =
                CameraSettings.of(
                        "store-1", "cam-4", "gw-1", FrameTiming.asFastAsPossible(START, 10));

        RunSummary summary =
                publish(
                        topic,
                        camera,
                        ImageFolderOptions.defaults(),
                        settings(topic).withSizeLimit(FrameSizeLimit.of(6_000)));

        assertThat(summary.published()).isEqualTo(3);
        assertThat(summary.sent()).isEqualTo(3);
        assertThat(summary.rejected()).isEqualTo(1);
        assertThat(counter(GatewayMetrics.REJECTED, "cam-4")).isEqualTo(1);
        assertThat(
                        registry.get(GatewayMetrics.REJECTED)
                                .tag(GatewayMetrics.REASON_TAG, "too_large")
                                .counter()
                                .count())
                .isEqualTo(1);
        assertThat(counter(GatewayMetrics.DOWNSCALED, "cam-4")).isEqualTo(1);
        List<FrameEvent> frames = frames(KAFKA.consume(topic, 4, WAIT));
        assertThat(frames).extracting(FrameEvent::getSequence).containsExactly(0L, 1L, 2L);
        FrameEvent photo = frames.get(1);
        assertThat(photo.getJpeg().remaining()).isLessThanOrEqualTo(6_000);
        assertThat(photo.getWidth()).isLessThan(1023);
        assertThat((double) photo.getWidth() / photo.getHeight())
                .isCloseTo(1023.0 / 731.0, within(0.02));
        BufferedImage image = TestImages.decode(AvroBytes.copyOf(photo.getJpeg()));
        assertThat(image.getWidth()).isEqualTo(photo.getWidth());
        assertThat(image.getHeight()).isEqualTo(photo.getHeight());
        // The last face takes the number and time slot the rejected noise would have had.
        assertThat(frames.get(2).getCaptureTime()).isEqualTo(START.plusMillis(200));
        assertThat(AvroBytes.copyOf(frames.get(2).getJpeg()))
                .isEqualTo(Files.readAllBytes(folder.resolve("4-face.jpg")));
    }

    @Test
    void aRecordTheBrokerRefusesIsFatalAndStopsThePublisher() throws IOException {
        // The broker's topic takes 20 KB, but the gateway believes the usual 4 MiB.
        Topic<String, FrameEvent> believed = Topics.FRAMES.renamed("frames-small-on-the-broker");
        KAFKA.createTopics(believed.withConfig(Map.of("max.message.bytes", "20000")));
        TestImages.copy(TestImages.data(TestImages.BASELINE_FACE), folder, "1-face.jpg");
        TestImages.copy(TestImages.data(TestImages.WIDE_PHOTO), folder, "2-photo.jpg");
        CameraSettings camera =
                CameraSettings.of(
                        "store-1", "cam-5", "gw-1", FrameTiming.asFastAsPossible(START, 10));

        try (ImageFolderSource source =
                ImageFolderSource.open(folder, ImageFolderOptions.defaults())) {
            // Batches smaller than the photo, so that it travels alone and the broker refuses it at
            // once; a batch it shared with the face would first be split and retried, with timing
            // that, under load, once ran into the producer's delivery timeout (a retriable error).
            FramePublisher publisher =
                    new FramePublisher(
                            settings(believed)
                                    .withOverrides(
                                            Map.of(ProducerConfig.BATCH_SIZE_CONFIG, "16384")),
                            registry);
            CameraRunner runner = new CameraRunner(camera, source, publisher, registry);

            assertThatThrownBy(runner::run)
                    .isInstanceOf(PublishFailedException.class)
                    .hasCauseInstanceOf(RecordTooLargeException.class);
            assertThatThrownBy(
                            () -> publisher.send(frames(KAFKA.consume(believed, 1, WAIT)).get(0)))
                    .isInstanceOf(PublishFailedException.class);
            assertThatThrownBy(publisher::close).isInstanceOf(PublishFailedException.class);
            assertThat(publisher.counts().sent()).isEqualTo(1);
            assertThat(publisher.counts().failed()).isEqualTo(1);
            assertThat(
                            registry.get(GatewayMetrics.FAILED)
                                    .tag(GatewayMetrics.REASON_TAG, "RecordTooLargeException")
                                    .counter()
                                    .count())
                    .isEqualTo(1);
        }
        assertThat(frames(KAFKA.consumeFor(believed, Duration.ofSeconds(1))))
                .extracting(FrameEvent::getSequence)
                .containsExactly(0L);
    }

    @Test
    void framesStampedBeforeWhatTheTopicKeepsAreRefusedCountedAndTheCameraGoesOn(TestInfo test)
            throws IOException {
        for (Path face : TestImages.faces(3)) {
            TestImages.copy(face, folder, face.getFileName().toString());
        }
        Topic<String, FrameEvent> topic = topicFor(test);
        // Stamped before the retention would keep them: without the topic's guard the broker
        // would store these frames and delete them at its next retention check, unread.
        Instant tooOld = START.minus(Topics.DEFAULT_FRAME_RETENTION);

        RunSummary refused =
                publish(
                        topic,
                        CameraSettings.of(
                                "s", "cam-old", "gw-1", FrameTiming.asFastAsPossible(tooOld, 10)),
                        ImageFolderOptions.defaults(),
                        settings(topic));
        RunSummary accepted =
                publish(
                        topic,
                        CameraSettings.of(
                                "s", "cam-now", "gw-1", FrameTiming.asFastAsPossible(START, 10)),
                        ImageFolderOptions.defaults(),
                        settings(topic));

        assertThat(refused.published()).isEqualTo(3);
        assertThat(refused.sent()).isZero();
        assertThat(refused.failed()).isEqualTo(3);
        // The broker refuses such a record either per record (InvalidRecordException) or for its
        // whole batch (InvalidTimestampException), depending on how the producer batched it.
        assertThat(
                        registry
                                .get(GatewayMetrics.FAILED)
                                .tag(GatewayMetrics.CAMERA_TAG, "cam-old")
                                .counters()
                                .stream()
                                .filter(
                                        counter ->
                                                List.of(
                                                                "InvalidRecordException",
                                                                "InvalidTimestampException")
                                                        .contains(
                                                                counter.getId()
                                                                        .getTag(
                                                                                GatewayMetrics
                                                                                        .REASON_TAG)))
                                .mapToDouble(counter -> counter.count())
                                .sum())
                .as("the 3 frames and the camera's end-of-stream record")
                .isEqualTo(4);
        assertThat(accepted.sent()).isEqualTo(3);
        assertThat(frames(KAFKA.consumeFor(topic, Duration.ofSeconds(2))))
                .extracting(FrameEvent::getCamera)
                .containsOnly("cam-now")
                .hasSize(3);
    }

    @Test
    void realTimeRunsAreSpacedByTheFrameRateAndFastRunsAreNot(TestInfo test) throws IOException {
        for (Path face : TestImages.faces(6)) {
            TestImages.copy(face, folder, face.getFileName().toString());
        }
        Topic<String, FrameEvent> topic = topicFor(test);

        long realTimeNanos = System.nanoTime();
        publish(
                topic,
                CameraSettings.of("s", "cam-rt", "gw-1", FrameTiming.realTime(START, 20)),
                ImageFolderOptions.defaults(),
                settings(topic));
        long realTimeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - realTimeNanos);
        long fastNanos = System.nanoTime();
        publish(
                topic,
                CameraSettings.of("s", "cam-fast", "gw-1", FrameTiming.asFastAsPossible(START, 1)),
                ImageFolderOptions.defaults(),
                settings(topic));
        long fastMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - fastNanos);

        // 6 frames and the end record at 20 fps: the last is due 300 ms after the first.
        assertThat(realTimeMillis).isGreaterThanOrEqualTo(300);
        // At 1 fps in real time this would take 6 s.
        assertThat(fastMillis).isLessThan(5_000);
        List<FrameEvent> fast =
                frames(KAFKA.consume(topic, 14, WAIT)).stream()
                        .filter(f -> f.getCamera().equals("cam-fast"))
                        .toList();
        assertThat(fast.get(5).getCaptureTime()).isEqualTo(START.plusSeconds(5));
    }

    @Test
    void aLoopingSourceStopsAfterMaxFramesOrWhenStopped(TestInfo test) throws Exception {
        for (Path face : TestImages.faces(3)) {
            TestImages.copy(face, folder, face.getFileName().toString());
        }
        Topic<String, FrameEvent> topic = topicFor(test);
        ImageFolderOptions loop = ImageFolderOptions.defaults().withLoop(true);

        RunSummary limited =
                publish(
                        topic,
                        CameraSettings.of(
                                        "s",
                                        "cam-max",
                                        "gw-1",
                                        FrameTiming.asFastAsPossible(START, 10))
                                .withMaxFrames(7),
                        loop,
                        settings(topic));

        assertThat(limited.published()).isEqualTo(7);
        assertThat(limited.endOfStream()).isTrue();

        RunSummary stopped;
        try (ImageFolderSource source = ImageFolderSource.open(folder, loop);
                FramePublisher publisher = new FramePublisher(settings(topic), registry)) {
            CameraRunner runner =
                    new CameraRunner(
                            CameraSettings.of(
                                    "s", "cam-live", "gw-1", FrameTiming.realTime(START, 50)),
                            source,
                            publisher,
                            registry);
            CompletableFuture<RunSummary> running = CompletableFuture.supplyAsync(runner::run);
            TimeUnit.MILLISECONDS.sleep(300);
            runner.stop();
            stopped = running.get(10, TimeUnit.SECONDS);
        }

        assertThat(stopped.published())
                .isGreaterThan(3); // about 15 at 50 fps; looped past the 3 files
        assertThat(stopped.sent()).isEqualTo(stopped.published());
        assertThat(stopped.endOfStream()).isFalse();
        List<FrameEvent> all = frames(KAFKA.consume(topic, 8 + (int) stopped.published(), WAIT));
        assertThat(all.stream().filter(f -> f.getCamera().equals("cam-live")).toList())
                .hasSize((int) stopped.published())
                .noneMatch(FrameEvent::getEndOfStream);
        List<FrameEvent> limitedRecords =
                values(KAFKA.consume(topic, 8, WAIT)).stream()
                        .filter(f -> f.getCamera().equals("cam-max"))
                        .toList();
        assertThat(limitedRecords).hasSize(8);
        assertThat(limitedRecords.get(7).getEndOfStream()).isTrue();
        assertThat(limitedRecords.get(7).getSequence()).isEqualTo(7);
    }

    private RunSummary publish(
            Topic<String, FrameEvent> topic,
            CameraSettings camera,
            ImageFolderOptions options,
            PublisherSettings settings)
            throws IOException {
        assertThat(settings.topic().name()).isEqualTo(topic.name());
        try (ImageFolderSource source = ImageFolderSource.open(folder, options);
                FramePublisher publisher = new FramePublisher(settings, registry)) {
            return new CameraRunner(camera, source, publisher, registry).run();
        }
    }

    private static PublisherSettings settings(Topic<String, FrameEvent> topic) {
        return PublisherSettings.of(KAFKA.bootstrapServers(), "gw-test").withTopic(topic);
    }

    /** A frames topic of the test's own, so that tests never read each other's frames. */
    private static Topic<String, FrameEvent> topicFor(TestInfo test) {
        return topic("frames-" + test.getTestMethod().orElseThrow().getName());
    }

    private static Topic<String, FrameEvent> topic(String name) {
        Topic<String, FrameEvent> topic = Topics.FRAMES.renamed(name);
        KAFKA.createTopics(topic);
        return topic;
    }

    private double counter(String name, String camera) {
        return registry.get(name).tag(GatewayMetrics.CAMERA_TAG, camera).counter().count();
    }

    /** The image frames of the records, without end-of-stream records. */
    private static List<FrameEvent> frames(List<ConsumerRecord<String, FrameEvent>> records) {
        return values(records).stream().filter(f -> !f.getEndOfStream()).toList();
    }

    private static List<FrameEvent> values(List<ConsumerRecord<String, FrameEvent>> records) {
        List<FrameEvent> values = new ArrayList<>();
        records.forEach(r -> values.add(r.value()));
        return values;
    }
}
