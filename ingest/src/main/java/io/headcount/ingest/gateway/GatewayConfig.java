package io.headcount.ingest.gateway;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A gateway: its id, its Kafka connection and its cameras (see {@link GatewayConfigLoader} for the
 * YAML form).
 *
 * @param gateway gateway id (the frames' {@code gateway} field and the producer's client id)
 * @param bootstrapServers Kafka bootstrap servers
 * @param topic frames topic name
 * @param producer extra producer properties (idempotence, acks, bootstrap and client id are fixed)
 * @param checkpoint file where the acknowledged position of each finite camera is kept, so a
 *     restarted gateway resumes instead of starting over; null for none (a restart starts over)
 * @param progressEvery interval of the progress lines; zero for none
 * @param cameras the cameras, with unique ids
 */
public record GatewayConfig(
        String gateway,
        String bootstrapServers,
        String topic,
        Map<String, String> producer,
        Path checkpoint,
        Duration progressEvery,
        List<CameraConfig> cameras) {

    public GatewayConfig {
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(topic, "topic");
        producer = Map.copyOf(producer);
        Objects.requireNonNull(progressEvery, "progressEvery");
        cameras = List.copyOf(cameras);
    }

    public GatewayConfig withBootstrapServers(String servers) {
        return new GatewayConfig(
                gateway, servers, topic, producer, checkpoint, progressEvery, cameras);
    }

    public GatewayConfig withCheckpoint(Path file) {
        return new GatewayConfig(
                gateway, bootstrapServers, topic, producer, file, progressEvery, cameras);
    }
}
