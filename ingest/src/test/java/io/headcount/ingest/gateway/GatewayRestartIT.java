package io.headcount.ingest.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.ingest.TestImages;
import io.headcount.schemas.FrameEvent;
import io.headcount.schemas.topics.Topic;
import io.headcount.schemas.topics.Topics;
import io.headcount.testkit.KafkaBrokerExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a gateway restart during a finite source does (see {@link Gateway}): with a checkpoint it
 * resumes after the last acknowledged frame (a graceful stop repeats and skips nothing); without
 * one it starts over and repeats, identically, what it had sent.
 */
class GatewayRestartIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.withTopics(Topics.all());

    static final Duration WAIT = Duration.ofSeconds(60);
    static final Instant START =
            Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS);
    static final int FRAMES = 60;

    @TempDir Path folder;

    private GatewayConfig config(
            Topic<String, FrameEvent> topic, boolean realTime, Path checkpoint) {
        return GatewayConfigLoader.parse(yamlOf(topic, realTime, checkpoint), folder);
    }

    @Test
    void folderAndVideoCamerasResumeFromASavedCheckpointWithTheRightFramesAndTimes()
            throws Exception {
        Path images = Files.createDirectories(folder.resolve("images"));
        List<Path> faces = TestImages.faces(8);
        for (Path face : faces) {
            TestImages.copy(face, images, face.getFileName().toString());
        }
        Topic<String, FrameEvent> topic = topic("frames-restart-files");
        Path checkpoint = folder.resolve("files.checkpoint");
        // As a previous run would have left it: 5 folder frames and 12 video frames acknowledged.
        Files.writeString(
                checkpoint,
                "cam-folder.next=5\ncam-folder.start="
                        + START
                        + "\ncam-video.next=12\ncam-video.start="
                        + START
                        + "\n");
        String yaml =
                """
        gateway: gw-restart
        kafka: {bootstrapServers: "%s", topic: %s}
        checkpoint: %s
        defaults: {realTime: false, start: 2020-01-01T00:00:00Z}
        cameras:
          - {site: s, camera: cam-folder, fps: 10, source: {type: folder, path: images}}
          - {site: s, camera: cam-video, fps: 5, maxSide: 320, source: {type: video, path: %s}}
        """
                        .formatted(
                                KAFKA.bootstrapServers(),
                                topic.name(),
                                checkpoint,
                                TestImages.data("video/facenet_pytorch_video.mp4"));

        try (Gateway gateway =
                Gateway.start(GatewayConfigLoader.parse(yaml, folder), new SimpleMeterRegistry())) {
            assertThat(gateway.awaitFinished(WAIT)).isTrue();
        }

        List<ConsumerRecord<String, FrameEvent>> records =
                KAFKA.consume(topic, (8 - 5 + 1) + (21 - 12 + 1), WAIT);
        Map<String, List<FrameEvent>> byCamera =
                records.stream()
                        .collect(
                                Collectors.groupingBy(
                                        ConsumerRecord::key,
                                        Collectors.mapping(
                                                ConsumerRecord::value, Collectors.toList())));
        List<FrameEvent> folderFrames = byCamera.get("cam-folder");
        assertThat(folderFrames)
                .extracting(FrameEvent::getSequence)
                .containsExactly(5L, 6L, 7L, 8L);
        for (int i = 0; i < 3; i++) {
            FrameEvent frame = folderFrames.get(i);
            // The saved start, not the configured one: resumed frames keep the times of the first
            // run.
            assertThat(frame.getCaptureTime()).isEqualTo(START.plusMillis(100L * (5 + i)));
            byte[] file = Files.readAllBytes(faces.get(5 + i));
            if (io.headcount.core.jpeg.JpegMarkers.isBaseline(file)) {
                byte[] jpeg = new byte[frame.getJpeg().remaining()];
                frame.getJpeg().duplicate().get(jpeg);
                assertThat(jpeg).as("frame %d is file %d", 5 + i, 5 + i).isEqualTo(file);
            }
        }
        assertThat(folderFrames.get(3).getEndOfStream()).isTrue();
        List<FrameEvent> videoFrames = byCamera.get("cam-video");
        assertThat(videoFrames)
                .extracting(FrameEvent::getSequence)
                .containsExactlyElementsOf(
                        java.util.stream.LongStream.rangeClosed(12, 21).boxed().toList());
        // Slot 12 of 5 fps is 2.4 s into the video: its frame at 2400 ms.
        assertThat(videoFrames.get(0).getCaptureTime()).isEqualTo(START.plusMillis(2400));
        assertThat(videoFrames.get(8).getCaptureTime()).isEqualTo(START.plusMillis(4000));
        assertThat(videoFrames.get(9).getEndOfStream()).isTrue();
    }

    private String yamlOf(Topic<String, FrameEvent> topic, boolean realTime, Path checkpoint) {
        return """
        gateway: gw-restart
        kafka: {bootstrapServers: "%s", topic: %s}
        %s
        cameras:
          - site: lab
            camera: cam-synthetic
            fps: 20
            realTime: %s
            start: %s
            source: {type: synthetic, manifest: %s, width: 320, height: 180, frames: %d, density: 2,
                     minFace: 40, maxFace: 90, masked: 0.3, seed: 11}
        """
                .formatted(
                        KAFKA.bootstrapServers(),
                        topic.name(),
                        checkpoint == null ? "" : "checkpoint: " + checkpoint,
                        realTime,
                        START,
                        TestImages.data(TestImages.UTK_FACES + "/manifest.csv"),
                        FRAMES);
    }

    private static Topic<String, FrameEvent> topic(String name) {
        Topic<String, FrameEvent> topic = Topics.FRAMES.renamed(name);
        KAFKA.createTopics(topic);
        return topic;
    }

    private static List<FrameEvent> reference;

    /** The frames of an uninterrupted run (one run per class: the tests share the broker). */
    private synchronized List<FrameEvent> reference() throws Exception {
        if (reference != null) {
            return reference;
        }
        Topic<String, FrameEvent> topic = topic("frames-restart-reference");
        try (Gateway gateway =
                Gateway.start(config(topic, false, null), new SimpleMeterRegistry())) {
            assertThat(gateway.awaitFinished(WAIT)).isTrue();
        }
        List<FrameEvent> frames = values(KAFKA.consume(topic, FRAMES + 1, WAIT));
        assertThat(frames.size()).isEqualTo(FRAMES + 1);
        reference = frames;
        return frames;
    }

    /**
     * Runs the gateway in real time until at least {@code frames} are on the topic, then stops it
     * gracefully.
     */
    private void runAndStopAfter(
            GatewayConfig config, Topic<String, FrameEvent> topic, int frames) {
        try (Gateway gateway = Gateway.start(config, new SimpleMeterRegistry())) {
            KAFKA.consume(topic, frames, WAIT);
        }
    }

    @Test
    void withACheckpointARestartResumesWithoutRepeatingOrSkippingAFrame() throws Exception {
        List<FrameEvent> reference = reference();
        Topic<String, FrameEvent> topic = topic("frames-restart-checkpoint");
        Path checkpoint = folder.resolve("state/gw.checkpoint");
        GatewayConfig config = config(topic, true, checkpoint);

        runAndStopAfter(config, topic, 15);

        Properties saved = new Properties();
        try (var reader = Files.newBufferedReader(checkpoint)) {
            saved.load(reader);
        }
        long position = Long.parseLong(saved.getProperty("cam-synthetic.next"));
        assertThat(saved.getProperty("cam-synthetic.start")).isEqualTo(START.toString());
        assertThat(position).isBetween(15L, FRAMES - 1L); // stopped mid-way
        // A graceful stop flushed: the checkpoint holds exactly what the broker has.
        assertThat(values(KAFKA.consumeFor(topic, Duration.ofSeconds(1))).size())
                .isEqualTo((int) position);

        Map<String, CameraOutcome> outcomes;
        try (Gateway gateway = Gateway.start(config, new SimpleMeterRegistry())) {
            assertThat(gateway.awaitFinished(WAIT)).isTrue();
            outcomes = gateway.outcomes();
        }
        assertThat(outcomes.get("cam-synthetic").resumedAt()).isEqualTo(position);
        assertThat(outcomes.get("cam-synthetic").summary().published())
                .isEqualTo(FRAMES - position);

        List<FrameEvent> frames = values(KAFKA.consume(topic, FRAMES + 1, WAIT));
        assertThat(frames)
                .extracting(FrameEvent::getSequence)
                .containsExactlyElementsOf(
                        java.util.stream.LongStream.rangeClosed(0, FRAMES).boxed().toList());
        for (int i = 0; i <= FRAMES; i++) {
            // Same sequence, capture time, image bytes as the uninterrupted run: nothing repeated,
            // nothing skipped.
            assertThat(frames.get(i).equals(reference.get(i)))
                    .as("frame %d equals the uninterrupted run's", i)
                    .isTrue();
        }

        // A third start: the camera was published to the end, so nothing is sent again.
        try (Gateway gateway = Gateway.start(config, new SimpleMeterRegistry())) {
            assertThat(gateway.awaitFinished(WAIT)).isTrue();
            assertThat(gateway.outcomes().get("cam-synthetic").alreadyFinished()).isTrue();
        }
        assertThat(values(KAFKA.consumeFor(topic, Duration.ofSeconds(2))).size())
                .isEqualTo(FRAMES + 1);
    }

    @Test
    void withoutACheckpointARestartStartsOverAndRepeatsTheSameFrames() throws Exception {
        Topic<String, FrameEvent> topic = topic("frames-restart-over");
        GatewayConfig config = config(topic, true, null);

        runAndStopAfter(config, topic, 15);
        int firstRun = values(KAFKA.consumeFor(topic, Duration.ofSeconds(1))).size();
        assertThat(firstRun).isBetween(15, FRAMES - 1);
        try (Gateway gateway = Gateway.start(config, new SimpleMeterRegistry())) {
            assertThat(gateway.awaitFinished(WAIT)).isTrue();
        }

        List<FrameEvent> frames = values(KAFKA.consume(topic, firstRun + FRAMES + 1, WAIT));
        assertThat(frames.size()).isEqualTo(firstRun + FRAMES + 1);
        Map<Long, List<FrameEvent>> bySequence =
                frames.stream().collect(Collectors.groupingBy(FrameEvent::getSequence));
        for (long sequence = 0; sequence <= FRAMES; sequence++) {
            List<FrameEvent> copies = bySequence.get(sequence);
            assertThat(copies.size())
                    .as("copies of frame %d", sequence)
                    .isEqualTo(sequence < firstRun ? 2 : 1);
            // The repeats are identical: consumers can drop them by (camera, sequence).
            assertThat(copies.stream().distinct().count()).isEqualTo(1);
        }
    }

    @Test
    void afterACrashTheFramesAcknowledgedSinceTheLastSaveAreRepeatedIdenticallyAndNoneIsSkipped()
            throws Exception {
        List<FrameEvent> reference = reference();
        Topic<String, FrameEvent> topic = topic("frames-restart-crash");
        Path checkpoint = folder.resolve("crash.checkpoint");
        Path yaml = folder.resolve("cameras.yaml");
        Files.writeString(yaml, yamlOf(topic, true, checkpoint));

        // A gateway in its own JVM, killed (SIGKILL: no flush, no last save) mid-way.
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child =
                new ProcessBuilder(
                                java,
                                "-cp",
                                System.getProperty("java.class.path"),
                                GatewayProcess.class.getName(),
                                yaml.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(folder.resolve("child.log").toFile())
                        .start();
        try {
            KAFKA.consume(topic, 30, WAIT);
        } finally {
            child.destroyForcibly();
            child.waitFor();
        }
        int beforeCrash = values(KAFKA.consumeFor(topic, Duration.ofSeconds(1))).size();
        assertThat(beforeCrash).isBetween(30, FRAMES - 1);

        long resumedAt;
        try (Gateway gateway =
                Gateway.start(config(topic, true, checkpoint), new SimpleMeterRegistry())) {
            assertThat(gateway.awaitFinished(WAIT)).isTrue();
            resumedAt = gateway.outcomes().get("cam-synthetic").resumedAt();
        }
        // Saved every second (20 frames at 20 fps; 2 s of slack for a loaded machine), never beyond
        // what the broker had.
        assertThat(resumedAt).isBetween((long) beforeCrash - 40, (long) beforeCrash);
        List<FrameEvent> frames =
                values(KAFKA.consume(topic, beforeCrash + FRAMES + 1 - (int) resumedAt, WAIT));
        assertThat(frames.size()).isEqualTo(beforeCrash + FRAMES + 1 - (int) resumedAt);
        Map<Long, List<FrameEvent>> bySequence =
                frames.stream().collect(Collectors.groupingBy(FrameEvent::getSequence));
        for (long sequence = 0; sequence <= FRAMES; sequence++) {
            List<FrameEvent> copies = bySequence.get(sequence);
            boolean repeated = sequence >= resumedAt && sequence < beforeCrash;
            assertThat(copies.size())
                    .as("copies of frame %d", sequence)
                    .isEqualTo(repeated ? 2 : 1);
            assertThat(copies.stream().allMatch(reference.get((int) sequence)::equals))
                    .as("frame %d equals the uninterrupted run's", sequence)
                    .isTrue();
        }
    }

    private static List<FrameEvent> values(List<ConsumerRecord<String, FrameEvent>> records) {
        List<FrameEvent> values = new ArrayList<>();
        records.forEach(r -> values.add(r.value()));
        return values;
    }
}
