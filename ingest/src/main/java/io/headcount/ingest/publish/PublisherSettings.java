package io.headcount.ingest.publish;

import io.headcount.schemas.FrameEvent;
import io.headcount.schemas.topics.Topic;
import io.headcount.schemas.topics.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Everything a {@link FramePublisher} needs: where the brokers are, who the gateway is, which
 * topic, how large a frame may be and how much memory the producer may hold.
 *
 * @param bootstrapServers Kafka bootstrap servers, {@code host:port[,host:port...]}
 * @param clientId the producer's {@code client.id}: name the gateway, so brokers' quotas and logs
 *     tell gateways apart
 * @param topic the frames topic (a renamed one for a shadow or test run)
 * @param sizeLimit the largest JPEG sent and how larger ones are downscaled
 * @param compression {@code lz4} (default: cheap, since JPEG hardly compresses) or {@code zstd}
 * @param bufferMemoryBytes memory for frames waiting to be sent; when full, {@code send} blocks
 * @param maxBlock how long {@code send} blocks on a full buffer before the frame fails
 * @param overrides further producer settings, applied last (except the ones this class guarantees)
 */
public record PublisherSettings(
        String bootstrapServers,
        String clientId,
        Topic<String, FrameEvent> topic,
        FrameSizeLimit sizeLimit,
        String compression,
        long bufferMemoryBytes,
        Duration maxBlock,
        Map<String, String> overrides) {

    /**
     * Room left in a topic message for the Avro envelope (ids, times, header) and Kafka's record
     * and batch headers around the JPEG; far more than they take, which is well under 1 KiB.
     */
    public static final int ENVELOPE_HEADROOM_BYTES = 16 * 1024;

    public static final long DEFAULT_BUFFER_MEMORY_BYTES = 32L * 1024 * 1024;
    public static final Duration DEFAULT_MAX_BLOCK = Duration.ofSeconds(30);
    public static final Set<String> COMPRESSIONS = Set.of("lz4", "zstd");

    /** Settings that make the publisher safe; overrides cannot turn them off. */
    private static final Set<String> GUARANTEED =
            Set.of(
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                    ProducerConfig.ACKS_CONFIG,
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    ProducerConfig.CLIENT_ID_CONFIG);

    public PublisherSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(sizeLimit, "sizeLimit");
        Objects.requireNonNull(maxBlock, "maxBlock");
        if (bootstrapServers.isBlank() || clientId.isBlank()) {
            throw new IllegalArgumentException("bootstrapServers and clientId must not be blank");
        }
        if (!COMPRESSIONS.contains(compression)) {
            throw new IllegalArgumentException(
                    "compression must be one of " + COMPRESSIONS + ", got " + compression);
        }
        if (bufferMemoryBytes < maxRequestBytes(topic, sizeLimit)) {
            throw new IllegalArgumentException(
                    "bufferMemoryBytes ("
                            + bufferMemoryBytes
                            + ") must hold at least one frame message of "
                            + maxRequestBytes(topic, sizeLimit)
                            + " bytes");
        }
        if (maxBlock.isNegative()) {
            throw new IllegalArgumentException("maxBlock must not be negative");
        }
        overrides = Map.copyOf(overrides);
        for (String key : overrides.keySet()) {
            if (GUARANTEED.contains(key)) {
                throw new IllegalArgumentException(
                        key + " cannot be overridden: the publisher relies on it");
            }
        }
    }

    /** Settings for {@link Topics#FRAMES}, with the defaults of every other field. */
    public static PublisherSettings of(String bootstrapServers, String clientId) {
        return new PublisherSettings(
                bootstrapServers,
                clientId,
                Topics.FRAMES,
                FrameSizeLimit.of(defaultMaxJpegBytes(Topics.FRAMES)),
                "lz4",
                DEFAULT_BUFFER_MEMORY_BYTES,
                DEFAULT_MAX_BLOCK,
                Map.of());
    }

    /**
     * The largest message {@code topic} accepts ({@code max.message.bytes} of its creation
     * settings, else {@link Topics#MAX_FRAME_BYTES}).
     */
    public static int maxMessageBytes(Topic<?, ?> topic) {
        String configured = topic.config().get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
        return configured == null ? Topics.MAX_FRAME_BYTES : Integer.parseInt(configured);
    }

    /** The topic's message size less {@link #ENVELOPE_HEADROOM_BYTES}. */
    public static int defaultMaxJpegBytes(Topic<?, ?> topic) {
        int max = maxMessageBytes(topic) - ENVELOPE_HEADROOM_BYTES;
        if (max <= 0) {
            throw new IllegalArgumentException(
                    "topic "
                            + topic.name()
                            + " allows no room for a frame: "
                            + maxMessageBytes(topic));
        }
        return max;
    }

    /** Another topic, and the default frame size limit of that topic. */
    public PublisherSettings withTopic(Topic<String, FrameEvent> newTopic) {
        FrameSizeLimit limit =
                new FrameSizeLimit(
                        defaultMaxJpegBytes(newTopic),
                        sizeLimit.downscaleQuality(),
                        sizeLimit.minSide());
        return new PublisherSettings(
                bootstrapServers,
                clientId,
                newTopic,
                limit,
                compression,
                bufferMemoryBytes,
                maxBlock,
                overrides);
    }

    public PublisherSettings withSizeLimit(FrameSizeLimit newLimit) {
        return new PublisherSettings(
                bootstrapServers,
                clientId,
                topic,
                newLimit,
                compression,
                bufferMemoryBytes,
                maxBlock,
                overrides);
    }

    public PublisherSettings withCompression(String newCompression) {
        return new PublisherSettings(
                bootstrapServers,
                clientId,
                topic,
                sizeLimit,
                newCompression,
                bufferMemoryBytes,
                maxBlock,
                overrides);
    }

    public PublisherSettings withBufferMemory(long newBytes, Duration newMaxBlock) {
        return new PublisherSettings(
                bootstrapServers,
                clientId,
                topic,
                sizeLimit,
                compression,
                newBytes,
                newMaxBlock,
                overrides);
    }

    public PublisherSettings withOverrides(Map<String, String> newOverrides) {
        return new PublisherSettings(
                bootstrapServers,
                clientId,
                topic,
                sizeLimit,
                compression,
                bufferMemoryBytes,
                maxBlock,
                newOverrides);
    }

    /** The producer configuration (serializers are passed as instances, not here). */
    public Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // Several small frames share a batch; a frame larger than this goes in a batch of its own.
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        // The producer's own default (1 MiB) would refuse frames the topic accepts.
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRequestBytes(topic, sizeLimit));
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, bufferMemoryBytes);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlock.toMillis());
        // TLS/SASL from kafka.* security options among the overrides, else HEADCOUNT_KAFKA_*
        // variables; raw producer properties among the overrides still win.
        config.putAll(
                io.headcount.core.kafka.KafkaClientSecurity.from(overrides, System::getenv)
                        .clientProperties());
        overrides.forEach(
                (key, value) -> {
                    if (!io.headcount.core.kafka.KafkaClientSecurity.KEYS.contains(key)) {
                        config.put(key, value);
                    }
                });
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return config;
    }

    private static int maxRequestBytes(Topic<?, ?> topic, FrameSizeLimit limit) {
        return Math.max(maxMessageBytes(topic), limit.maxJpegBytes() + ENVELOPE_HEADROOM_BYTES);
    }
}
