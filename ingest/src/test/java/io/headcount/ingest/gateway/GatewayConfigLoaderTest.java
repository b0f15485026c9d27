package io.headcount.ingest.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headcount.ingest.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayConfigLoaderTest {

    @TempDir Path folder;

    private String manifest() {
        return TestImages.data(TestImages.UTK_FACES + "/manifest.csv").toString();
    }

    @Test
    void readsAllSourceTypesWithDefaultsAndRelativePaths() throws Exception {
        Files.createDirectories(folder.resolve("images"));
        Path file = folder.resolve("cameras.yaml");
        Files.writeString(
                file,
                """
        gateway: gw-store-1
        kafka:
          bootstrapServers: 127.0.0.1:9092
          producer: {linger.ms: 10, compression.type: zstd}
        checkpoint: state/gw.checkpoint
        progressEvery: 2s
        defaults: {fps: 10, maxSide: 1280}
        cameras:
          - {site: store-1, camera: cam-folder, source: {type: folder, path: images}, loop: true}
          - site: store-1
            camera: cam-video
            fps: 25
            start: 2026-11-27T10:00:00Z
            realTime: false
            reconnect: {initial: 500ms, max: 1m30s, attempts: 5}
            source: {type: video, path: clips/entrance.mp4}
          - {site: store-2, camera: cam-mjpeg, jpegQuality: 0.7, source: {type: mjpeg, url: "http://127.0.0.1:8081/stream"}}
          - {site: store-2, camera: cam-rtsp, source: {type: rtsp, url: "rtsp://127.0.0.1:8554/cam"}}
          - site: lab
            camera: cam-synthetic
            maxSide: 0
            source: {type: synthetic, manifest: %s, width: 640, height: 360, frames: 100, density: 2,
                     speed: 0.3, minFace: 60, maxFace: 120, masked: 0.5, background: plain, seed: 42,
                     groundTruth: truth.jsonl, scene: realistic}
        """
                        .formatted(manifest()));

        GatewayConfig config = GatewayConfigLoader.load(file);

        assertThat(config.gateway()).isEqualTo("gw-store-1");
        assertThat(config.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(config.topic()).isEqualTo("frames");
        assertThat(config.producer())
                .isEqualTo(Map.of("linger.ms", "10", "compression.type", "zstd"));
        assertThat(config.checkpoint()).isEqualTo(folder.resolve("state/gw.checkpoint"));
        assertThat(config.progressEvery()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.cameras())
                .extracting(CameraConfig::camera)
                .containsExactly(
                        "cam-folder", "cam-video", "cam-mjpeg", "cam-rtsp", "cam-synthetic");
        CameraConfig folderCamera = config.cameras().get(0);
        assertThat(folderCamera.source().location()).isEqualTo(folder.resolve("images").toString());
        assertThat(folderCamera.fps()).isEqualTo(10);
        assertThat(folderCamera.maxSide()).isEqualTo(1280);
        assertThat(folderCamera.loop()).isTrue();
        assertThat(folderCamera.finite()).isFalse();
        CameraConfig video = config.cameras().get(1);
        assertThat(video.fps()).isEqualTo(25);
        assertThat(video.start()).isEqualTo(Instant.parse("2026-11-27T10:00:00Z"));
        assertThat(video.realTime()).isFalse();
        assertThat(video.backoff().initial()).isEqualTo(Duration.ofMillis(500));
        assertThat(video.backoff().max()).isEqualTo(Duration.ofSeconds(90));
        assertThat(video.backoff().maxAttempts()).isEqualTo(5);
        assertThat(video.source().location())
                .isEqualTo(folder.resolve("clips/entrance.mp4").toString());
        assertThat(video.finite()).isTrue();
        assertThat(config.cameras().get(2).jpegQuality()).isEqualTo(0.7f);
        assertThat(config.cameras().get(2).finite()).isFalse();
        assertThat(config.cameras().get(3).source().type()).isEqualTo("rtsp");
        CameraConfig synthetic = config.cameras().get(4);
        assertThat(synthetic.maxSide()).isZero();
        assertThat(synthetic.source().synthetic().width()).isEqualTo(640);
        assertThat(synthetic.source().synthetic().density()).isEqualTo(2);
        assertThat(synthetic.source().synthetic().maskedFraction()).isEqualTo(0.5);
        assertThat(synthetic.source().synthetic().maskTemplates()).isNotNull();
        assertThat(synthetic.source().synthetic().groundTruth())
                .isEqualTo(folder.resolve("truth.jsonl"));
        assertThat(synthetic.source().synthetic().realistic()).isTrue();
    }

    @Test
    void errorsNameTheCameraAndTheField() {
        assertError(
                """
        gateway: gw
        kafka: {bootstrapServers: "k:9092"}
        cameras:
          - {site: s, camera: cam-a, fps: 10, source: {type: video, path: a.mp4}}
          - {site: s, camera: cam-b, fps: fast, source: {type: video, path: b.mp4}}
        """,
                "camera 'cam-b' (cameras[1]): field 'fps': must be a number, got \"fast\"");
        assertError(
                """
        gateway: gw
        kafka: {bootstrapServers: "k:9092"}
        cameras:
          - {site: s, camera: cam-a, source: {type: video, path: a.mp4}}
        """,
                "camera 'cam-a' (cameras[0]): field 'fps': is required");
        assertError(
                """
        gateway: gw
        kafka: {bootstrapServers: "k:9092"}
        cameras:
          - {site: s, camera: cam-a, fps: 5, source: {type: webcam, path: a.mp4}}
        """,
                "camera 'cam-a' (cameras[0]): field 'source': field 'type': must be one of");
        assertError(
                """
        gateway: gw
        kafka: {bootstrapServers: "k:9092"}
        cameras:
          - {site: s, camera: cam-a, fps: 5, source: {type: mjpeg, url: "ftp://host/x"}}
        """,
                "camera 'cam-a' (cameras[0]): field 'source': field 'url': must be a http or https URL");
        assertError(
                """
        gateway: gw
        kafka: {bootstrapServers: "k:9092"}
        cameras:
          - {site: s, camera: cam-a, fps: 5, jpegQualty: 0.5, source: {type: video, path: a.mp4}}
        """,
                "camera 'cam-a' (cameras[0]): unknown field 'jpegQualty'");
        assertError(
                """
        gateway: gw
        kafka: {bootstrapServers: "k:9092"}
        cameras:
          - {site: s, camera: cam-a, fps: 5, source: {type: video, path: a.mp4}}
          - {site: s, camera: cam-a, fps: 5, source: {type: video, path: b.mp4}}
        """,
                "camera 'cam-a' (cameras[1]): field 'camera': the id is used by another camera");
        assertError(
                """
        gateway: gw
        kafka: {bootstrapServers: "k:9092"}
        cameras:
          - {site: s, camera: cam-a, fps: 5, source: {type: synthetic, manifest: %s, width: 320, height: 200, maxFace: 400}}
        """
                        .formatted(manifest()),
                "camera 'cam-a' (cameras[0]): field 'source': maxFace must fit the frame");
        assertError(
                """
        gateway: gw
        kafka: {bootstrapServers: "k:9092"}
        cameras:
          - {site: s, camera: cam-a, fps: 5, source: {type: synthetic, manifest: %s, scene: busy}}
        """
                        .formatted(manifest()),
                "camera 'cam-a' (cameras[0]): field 'source': scene must be simple or realistic, got busy");
        assertError(
                """
        gateway: gw
        cameras: []
        """,
                "field 'kafka': is required");
        assertError("gateway: [unclosed", "not valid YAML");
        assertError(
                """
        gateway: gw
        kafka: {bootstrapServers: "k:9092"}
        cameras:
          - {site: s, camera: cam-a, fps: 5, reconnect: {initial: soon}, source: {type: video, path: a.mp4}}
        """,
                "camera 'cam-a' (cameras[0]): field 'reconnect': field 'initial': must be a number of seconds or a duration (e.g. 90s, 5m");
    }

    private void assertError(String yaml, String message) {
        assertThatThrownBy(() -> GatewayConfigLoader.parse(yaml, folder))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(message);
    }
}
