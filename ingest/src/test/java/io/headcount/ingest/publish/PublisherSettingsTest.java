package io.headcount.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headcount.schemas.topics.Topics;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class PublisherSettingsTest {

    private final PublisherSettings settings = PublisherSettings.of("broker:9092", "gateway-7");

    @Test
    void theProducerIsIdempotentAcknowledgedByAllAndNamed() {
        Map<String, Object> config = settings.producerConfig();

        assertThat(config)
                .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092")
                .containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "gateway-7")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")
                .containsEntry(
                        ProducerConfig.BUFFER_MEMORY_CONFIG,
                        PublisherSettings.DEFAULT_BUFFER_MEMORY_BYTES)
                .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000L);
    }

    @Test
    void framesUpToTheTopicsLimitLessTheEnvelopeAreSentAndTheProducerAcceptsThem() {
        int limit = settings.sizeLimit().maxJpegBytes();

        assertThat(limit)
                .isEqualTo(Topics.MAX_FRAME_BYTES - PublisherSettings.ENVELOPE_HEADROOM_BYTES);
        // The producer's own default of 1 MiB would refuse such frames.
        assertThat((int) settings.producerConfig().get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG))
                .isGreaterThanOrEqualTo(limit + PublisherSettings.ENVELOPE_HEADROOM_BYTES);
    }

    @Test
    void anotherTopicBringsItsOwnLimit() {
        PublisherSettings small =
                settings.withTopic(
                        Topics.FRAMES
                                .renamed("frames-small")
                                .withConfig(Map.of("max.message.bytes", "100000")));

        assertThat(small.sizeLimit().maxJpegBytes())
                .isEqualTo(100_000 - PublisherSettings.ENVELOPE_HEADROOM_BYTES);
        assertThat(small.topic().name()).isEqualTo("frames-small");
    }

    @Test
    void overridesApplyButCannotTurnOffTheGuarantees() {
        assertThat(
                        settings.withOverrides(Map.of(ProducerConfig.LINGER_MS_CONFIG, "50"))
                                .producerConfig())
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, "50");
        assertThatThrownBy(
                        () ->
                                settings.withOverrides(
                                        Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("enable.idempotence");
        assertThatThrownBy(() -> settings.withOverrides(Map.of(ProducerConfig.ACKS_CONFIG, "1")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesABufferSmallerThanOneFrameAndUnknownCompressions() {
        assertThatThrownBy(() -> settings.withBufferMemory(1024 * 1024, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bufferMemoryBytes");
        assertThat(settings.withCompression("zstd").producerConfig())
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        assertThatThrownBy(() -> settings.withCompression("none"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
