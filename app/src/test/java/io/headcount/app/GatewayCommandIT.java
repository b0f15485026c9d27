package io.headcount.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.schemas.FrameEvent;
import io.headcount.schemas.topics.Topics;
import io.headcount.testkit.FaceScenes;
import io.headcount.testkit.KafkaBrokerExtension;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code headcount gateway --config} as a user runs it, against a real broker. */
class GatewayCommandIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.withTopics(Topics.all());

    @TempDir Path work;

    @Test
    void publishesEveryCameraOfTheConfigAndExitsWhenFiniteSourcesEnd() throws IOException {
        Path door = Files.createDirectories(work.resolve("door"));
        List<Path> faces = FaceScenes.adultFaces(4);
        for (int i = 0; i < faces.size(); i++) {
            Files.copy(faces.get(i), door.resolve(String.format("%02d.jpg", i)));
        }
        Path config =
                Files.writeString(
                        work.resolve("cameras.yaml"),
                        String.join(
                                "\n",
                                "gateway: gw-test",
                                "kafka: {bootstrapServers: 127.0.0.1:1}",
                                "cameras:",
                                "  - {site: store-1, camera: cam-door, fps: 2, source: {type: folder, path: "
                                        + door
                                        + "}}",
                                "  - site: lab",
                                "    camera: cam-synthetic",
                                "    fps: 5",
                                "    source: {type: synthetic, width: 640, height: 360, frames: 6, density: 2, seed: 3}",
                                ""));
        StringWriter output = new StringWriter();

        int exitCode =
                new CommandLine(new Headcount())
                        .setOut(new PrintWriter(output, true))
                        .setErr(new PrintWriter(output, true))
                        .execute(
                                "gateway",
                                "--config",
                                config.toString(),
                                "--bootstrap-servers",
                                KAFKA.bootstrapServers());

        assertThat(exitCode).as("output:%n%s", output).isZero();
        // 4 + 6 frames, and one end-of-stream record per finite camera.
        List<ConsumerRecord<String, FrameEvent>> records =
                KAFKA.consume(Topics.FRAMES, 12, Duration.ofSeconds(30));
        assertThat(records).hasSize(12);
        assertThat(
                        records.stream()
                                .filter(r -> !r.value().getEndOfStream())
                                .map(ConsumerRecord::key))
                .containsOnly("cam-door", "cam-synthetic")
                .hasSize(10);
        assertThat(
                        records.stream()
                                .filter(r -> r.value().getEndOfStream())
                                .map(ConsumerRecord::key))
                .containsExactlyInAnyOrder("cam-door", "cam-synthetic");
    }
}
