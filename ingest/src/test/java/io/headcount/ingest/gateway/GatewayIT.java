package io.headcount.ingest.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.ingest.TestImages;
import io.headcount.ingest.metrics.GatewayMetrics;
import io.headcount.ingest.source.MjpegTestServer;
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
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** One gateway, every kind of source, a real broker. */
class GatewayIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.withTopics(Topics.all());

    static final Duration WAIT = Duration.ofSeconds(60);

    /** In the recent past: the broker refuses records stamped more than an hour ahead. */
    static final Instant START =
            Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS);

    @TempDir Path folder;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void oneGatewayPublishesFolderVideoSyntheticAndMjpegCamerasAndABrokenCameraDoesNotStopThem()
            throws Exception {
        Path images = Files.createDirectories(folder.resolve("images"));
        for (Path face : TestImages.faces(5)) {
            TestImages.copy(face, images, face.getFileName().toString());
        }
        List<byte[]> jpegs = new ArrayList<>();
        for (Path face : TestImages.faces(4)) {
            jpegs.add(Files.readAllBytes(face));
        }
        Topic<String, FrameEvent> topic = Topics.FRAMES.renamed("frames-gateway-all-sources");
        KAFKA.createTopics(topic);
        // The MJPEG camera refuses the first connection and drops the stream after every 8 parts.
        try (MjpegTestServer camera = new MjpegTestServer(jpegs, 30, 8, 1, true)) {
            String yaml =
                    """
          gateway: gw-it
          kafka: {bootstrapServers: "%s", topic: %s}
          progressEvery: 1s
          defaults: {realTime: false, start: %s, reconnect: {initial: 100ms, max: 400ms}}
          cameras:
            - {site: s1, camera: cam-folder, fps: 10, source: {type: folder, path: images}}
            - {site: s1, camera: cam-video, fps: 5, maxSide: 320, source: {type: video, path: %s}}
            - site: s2
              camera: cam-synthetic
              fps: 10
              source: {type: synthetic, manifest: %s, width: 320, height: 180, frames: 30, density: 2,
                       minFace: 40, maxFace: 90, seed: 3, groundTruth: truth.jsonl}
            - {site: s2, camera: cam-mjpeg, fps: 50, maxFrames: 20, source: {type: mjpeg, url: "%s"}}
            - {site: s3, camera: cam-broken, fps: 5, reconnect: {initial: 100ms, max: 200ms, attempts: 3},
               source: {type: video, path: missing.mp4}}
          """
                            .formatted(
                                    KAFKA.bootstrapServers(),
                                    topic.name(),
                                    START,
                                    TestImages.data("video/facenet_pytorch_video.mp4"),
                                    TestImages.data(TestImages.UTK_FACES + "/manifest.csv"),
                                    camera.uri());
            GatewayConfig config = GatewayConfigLoader.parse(yaml, folder);

            Map<String, CameraOutcome> outcomes;
            try (Gateway gateway = Gateway.start(config, registry)) {
                assertThat(gateway.awaitFinished(WAIT)).isTrue();
                outcomes = gateway.outcomes();
            }

            List<ConsumerRecord<String, FrameEvent>> records =
                    KAFKA.consume(topic, 5 + 21 + 30 + 20 + 4, WAIT);
            Map<String, List<FrameEvent>> byCamera =
                    records.stream()
                            .collect(
                                    Collectors.groupingBy(
                                            ConsumerRecord::key,
                                            Collectors.mapping(
                                                    ConsumerRecord::value, Collectors.toList())));
            assertNumberedWithEndOfStream(byCamera.get("cam-folder"), 5);
            assertNumberedWithEndOfStream(byCamera.get("cam-video"), 21);
            assertNumberedWithEndOfStream(byCamera.get("cam-synthetic"), 30);
            assertNumberedWithEndOfStream(byCamera.get("cam-mjpeg"), 20);
            assertThat(byCamera.keySet())
                    .containsExactlyInAnyOrder(
                            "cam-folder", "cam-video", "cam-synthetic", "cam-mjpeg");

            // The video's frames carry its own timestamps (5 fps slots of a 25 fps clip) from the
            // configured start.
            List<FrameEvent> video = byCamera.get("cam-video");
            assertThat(video.get(0).getCaptureTime()).isEqualTo(START);
            assertThat(video.get(20).getCaptureTime()).isEqualTo(START.plusMillis(4000));
            assertThat(video.get(0).getWidth()).isEqualTo(320);
            assertThat(video.get(0).getHeight()).isEqualTo(180);
            assertThat(video.get(0).getGateway()).isEqualTo("gw-it");
            assertThat(byCamera.get("cam-synthetic").get(29).getCaptureTime())
                    .isEqualTo(START.plusMillis(2900));
            assertThat(byCamera.get("cam-folder").get(0).getSite()).isEqualTo("s1");
            assertThat(Files.readAllLines(folder.resolve("truth.jsonl")))
                    .filteredOn(l -> l.contains("\"type\":\"frame\""))
                    .hasSize(30);

            // The MJPEG camera: refused once, and its stream dropped after every 8 parts: 3+
            // reconnects.
            assertThat(camera.connections()).isGreaterThanOrEqualTo(4);
            assertThat(outcomes.get("cam-mjpeg").reconnects()).isGreaterThanOrEqualTo(3);
            assertThat(counter(GatewayMetrics.RECONNECTS, "cam-mjpeg"))
                    .isEqualTo(outcomes.get("cam-mjpeg").reconnects());
            // The broken camera tried 3 times (2 reconnects), gave up, and the others did not
            // notice.
            assertThat(outcomes.get("cam-broken").gaveUp()).isTrue();
            assertThat(counter(GatewayMetrics.RECONNECTS, "cam-broken")).isEqualTo(2);
            assertThat(outcomes.get("cam-video").summary().sent()).isEqualTo(21);
            assertThat(counter(GatewayMetrics.SENT, "cam-synthetic")).isEqualTo(30);
            assertThat(counter(GatewayMetrics.BYTES, "cam-video")).isGreaterThan(21 * 1000);
        }
    }

    private double counter(String name, String camera) {
        return new GatewayMetrics(registry).count(name, camera);
    }

    static void assertNumberedWithEndOfStream(List<FrameEvent> frames, int count) {
        assertThat(frames.size()).isEqualTo(count + 1);
        assertThat(frames)
                .extracting(FrameEvent::getSequence)
                .containsExactlyElementsOf(LongStream.rangeClosed(0, count).boxed().toList());
        assertThat(frames.subList(0, count))
                .noneMatch(FrameEvent::getEndOfStream)
                .allMatch(f -> f.getJpeg().remaining() > 0);
        assertThat(frames.get(count).getEndOfStream()).isTrue();
        for (int i = 1; i < frames.size(); i++) {
            assertThat(frames.get(i).getCaptureTime()).isAfter(frames.get(i - 1).getCaptureTime());
        }
    }
}
