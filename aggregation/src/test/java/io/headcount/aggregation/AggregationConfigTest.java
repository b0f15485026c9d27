package io.headcount.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headcount.aggregation.errors.DeadLetterDeserializationHandler;
import io.headcount.aggregation.errors.DeadLetterProcessingHandler;
import io.headcount.aggregation.errors.DeadLetterProductionHandler;
import io.headcount.aggregation.metrics.AggregationMetrics;
import io.headcount.aggregation.settings.TopicOptions;
import io.headcount.core.attributes.Attribute;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AggregationConfigTest {

    @TempDir Path folder;

    @Test
    void defaultsFillWhatTheSettingsLeaveOut() {
        Properties config =
                AggregationConfig.streamsConfig(Map.of("bootstrap.servers", "broker:9092"));

        assertThat(config)
                .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "headcount-aggregation")
                .containsEntry(
                        StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
                .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "1000")
                .containsEntry(StreamsConfig.STATE_DIR_CONFIG, AggregationConfig.DEFAULT_STATE_DIR)
                .containsEntry("bootstrap.servers", "broker:9092")
                .as("each source's own dead-letter topic is chosen per record, not by one setting")
                .doesNotContainKey(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        assertThat(AggregationOptions.fromProperties(config))
                .isEqualTo(AggregationOptions.defaults())
                .satisfies(
                        options -> {
                            assertThat(options.windowSize()).isEqualTo(Duration.ofMinutes(1));
                            assertThat(options.grace()).isEqualTo(Duration.ofSeconds(10));
                            assertThat(options.storeRetention()).isEqualTo(Duration.ofDays(1));
                            assertThat(options.maxFutureSkew()).isEqualTo(Duration.ofMinutes(5));
                            assertThat(options.observations().name())
                                    .isEqualTo("face-observations");
                            assertThat(options.framesProcessed().name())
                                    .isEqualTo("frames-processed");
                            assertThat(options.audienceStats().name()).isEqualTo("audience-stats");
                        });
    }

    @Test
    void kafkaStreamsAcceptsTheSettingsAndCreatesOurHandlers() {
        Properties config =
                AggregationConfig.streamsConfig(Map.of("bootstrap.servers", "broker:9092"));
        config.put(AggregationMetrics.METER_REGISTRY_CONFIG, new SimpleMeterRegistry());
        StreamsConfig streams = new StreamsConfig(config);

        assertThat(streams.deserializationExceptionHandler())
                .isInstanceOf(DeadLetterDeserializationHandler.class);
        assertThat(streams.processingExceptionHandler())
                .isInstanceOf(DeadLetterProcessingHandler.class);
        assertThat(streams.productionExceptionHandler())
                .isInstanceOf(DeadLetterProductionHandler.class);
        assertThat(streams.getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
                .isEqualTo("exactly_once_v2");
    }

    @Test
    void aPropertiesFileOverridesEveryDefault() throws IOException {
        Path file = folder.resolve("aggregation.properties");
        Files.writeString(
                file,
                """
        # a candidate model's replay, counted in 5-minute windows
        application.id=headcount-aggregation-candidate
        processing.guarantee=at_least_once
        commit.interval.ms=250
        state.dir=/var/lib/headcount/state
        headcount.aggregation.window.size.ms=300000
        headcount.aggregation.window.grace.ms=4000
        headcount.aggregation.input.topic=face-observations-candidate
        headcount.aggregation.frames.topic=frames-processed-candidate
        headcount.aggregation.output.topic=audience-stats-candidate
        """);

        Properties values = AggregationConfig.load(file);
        Properties config = AggregationConfig.streamsConfig(values);
        AggregationOptions options = AggregationOptions.fromProperties(values);

        assertThat(config)
                .containsEntry(
                        StreamsConfig.APPLICATION_ID_CONFIG, "headcount-aggregation-candidate")
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, "at_least_once")
                .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "250")
                .containsEntry(StreamsConfig.STATE_DIR_CONFIG, "/var/lib/headcount/state");
        assertThat(options.windowSize()).isEqualTo(Duration.ofMinutes(5));
        assertThat(options.grace()).isEqualTo(Duration.ofSeconds(4));
        assertThat(options.observations().name()).isEqualTo("face-observations-candidate");
        assertThat(options.framesProcessed().name()).isEqualTo("frames-processed-candidate");
        assertThat(options.deadLetterTopicOf("face-observations-candidate"))
                .isEqualTo("face-observations-candidate.dlq");
        assertThat(options.deadLetterTopicOf("frames-processed-candidate"))
                .isEqualTo("frames-processed-candidate.dlq");
        assertThat(
                        options.deadLetterTopicOf(
                                "headcount-aggregation-candidate-observations-by-site-camera-repartition"))
                .as("a failure after the repartition goes to the observations' dead letters")
                .isEqualTo("face-observations-candidate.dlq");
        assertThat(options.audienceStats().name()).isEqualTo("audience-stats-candidate");
    }

    @Test
    void theTwoInputsMustBeDifferentTopics() {
        assertThatThrownBy(
                        () ->
                                AggregationOptions.fromProperties(
                                        Map.of(
                                                AggregationOptions.FRAMES_TOPIC,
                                                "face-observations")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(AggregationOptions.FRAMES_TOPIC);
    }

    @Test
    void theInferenceJobsDeadLetteredFramesAreReadUnlessTheTopicIsSetEmpty() {
        assertThat(TopicOptions.deadLetteredFrames(Map.of())).contains("dead-lettered-frames");
        assertThat(
                        TopicOptions.deadLetteredFrames(
                                Map.of(AggregationOptions.DEAD_LETTERED_FRAMES_TOPIC, "lab-dlf")))
                .contains("lab-dlf");
        assertThat(
                        TopicOptions.deadLetteredFrames(
                                Map.of(AggregationOptions.DEAD_LETTERED_FRAMES_TOPIC, "")))
                .isEmpty();
    }

    @Test
    void aZeroWindowIsRejectedNamingTheSetting() {
        assertThatThrownBy(
                        () ->
                                AggregationConfig.streamsConfig(
                                        Map.of(AggregationOptions.WINDOW_SIZE_MS, "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(AggregationOptions.WINDOW_SIZE_MS)
                .hasMessageContaining("greater than 0");
    }

    @Test
    void aNonNumericWindowIsRejectedNamingTheSetting() {
        assertThatThrownBy(
                        () ->
                                AggregationOptions.fromProperties(
                                        Map.of(AggregationOptions.WINDOW_SIZE_MS, "1 minute")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(AggregationOptions.WINDOW_SIZE_MS)
                .hasMessageContaining("1 minute")
                .hasMessageContaining("milliseconds");
    }

    @Test
    void aNegativeGraceIsRejectedNamingTheSetting() {
        assertThatThrownBy(
                        () ->
                                AggregationOptions.fromProperties(
                                        Map.of(AggregationOptions.WINDOW_GRACE_MS, "-5")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(AggregationOptions.WINDOW_GRACE_MS)
                .hasMessageContaining("negative");
    }

    @Test
    void aStoreRetentionShorterThanWindowAndGraceIsRejectedNamingTheSetting() {
        assertThatThrownBy(
                        () ->
                                AggregationOptions.fromProperties(
                                        Map.of(
                                                AggregationOptions.WINDOW_SIZE_MS, "60000",
                                                AggregationOptions.STORE_RETENTION_MS, "65000")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(AggregationOptions.STORE_RETENTION_MS)
                .hasMessageContaining("70000 ms");
    }

    @Test
    void anEmptyTopicNameIsRejectedNamingTheSetting() {
        assertThatThrownBy(
                        () ->
                                AggregationOptions.fromProperties(
                                        Map.of(AggregationOptions.OUTPUT_TOPIC, " ")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(AggregationOptions.OUTPUT_TOPIC);
    }

    @Test
    void theAppRefusesBadSettingsBeforeCreatingAnyClient() {
        assertThatThrownBy(
                        () ->
                                new AggregationApp(
                                        Map.of(
                                                "bootstrap.servers",
                                                "broker:9092",
                                                AggregationOptions.WINDOW_GRACE_MS,
                                                "ten"),
                                        new SimpleMeterRegistry()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(AggregationOptions.WINDOW_GRACE_MS);
    }

    @Test
    void aMeterRegistrySettingMustBeARegistry() {
        assertThatThrownBy(
                        () ->
                                AggregationMetrics.registryFrom(
                                        Map.of(
                                                AggregationMetrics.METER_REGISTRY_CONFIG,
                                                "prometheus")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(AggregationMetrics.METER_REGISTRY_CONFIG);
    }

    @Test
    void trackingFusionAndSuppressionSettingsAreRead() {
        AggregationOptions options =
                AggregationOptions.fromProperties(
                        Map.of(
                                AggregationOptions.TRACK_GAP_MS,
                                "2000",
                                AggregationOptions.TRACK_MAX_DURATION_MS,
                                "60000",
                                AggregationOptions.TRACK_MIN_IMPRESSIONS,
                                "5",
                                AggregationOptions.TRACK_MIN_SPAN_MS,
                                "800",
                                AggregationOptions.CONFIDENCE_THRESHOLD,
                                "0.95",
                                AggregationOptions.ATTENTION_MAX_YAW_DEGREES,
                                "20",
                                AggregationOptions.SUPPRESSION_MIN_COUNT,
                                "10",
                                AggregationOptions.TRACKS_TOPIC,
                                "tracks-candidate",
                                "headcount.aggregation.site.paris-nord.attributes.disabled",
                                "sex, AGE"));

        assertThat(options.tracks().gap()).isEqualTo(Duration.ofSeconds(2));
        assertThat(options.tracks().maxDuration()).isEqualTo(Duration.ofMinutes(1));
        assertThat(options.tracks().minImpressions()).isEqualTo(5);
        assertThat(options.tracks().minSpan()).isEqualTo(Duration.ofMillis(800));
        assertThat(options.fusion().confidenceThreshold()).isEqualTo(0.95);
        assertThat(options.fusion().attentionMaxYawDegrees()).isEqualTo(20);
        assertThat(options.minCellCount()).isEqualTo(10);
        assertThat(options.trackSummaries().name()).isEqualTo("tracks-candidate");
        assertThat(options.fusion().disabledBySite())
                .containsOnly(
                        Map.entry("paris-nord", java.util.Set.of(Attribute.SEX, Attribute.AGE)));
        assertThat(options.fusion().enabled("paris-nord", Attribute.MASK)).isTrue();
        assertThat(options.fusion().enabled("berlin", Attribute.SEX)).isTrue();
    }

    @Test
    void anUnknownAttributeSwitchIsRejectedNamingTheSetting() {
        String setting = "headcount.aggregation.site.paris.attributes.disabled";
        assertThatThrownBy(() -> AggregationOptions.fromProperties(Map.of(setting, "sex,gender")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(setting)
                .hasMessageContaining("gender");
    }

    @Test
    void aGraceShorterThanTheTrackGapPlusCheckIntervalIsRejected() {
        assertThatThrownBy(
                        () ->
                                AggregationOptions.fromProperties(
                                        Map.of(AggregationOptions.WINDOW_GRACE_MS, "3999")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(AggregationOptions.WINDOW_GRACE_MS)
                .hasMessageContaining("4000 ms");
        assertThat(
                        AggregationOptions.fromProperties(
                                        Map.of(
                                                AggregationOptions.WINDOW_GRACE_MS,
                                                "1500",
                                                AggregationOptions.TRACK_GAP_MS,
                                                "1000",
                                                AggregationOptions.TRACK_CHECK_INTERVAL_MS,
                                                "500"))
                                .grace())
                .isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void aConfidenceThresholdOutsideHalfToOneIsRejected() {
        assertThatThrownBy(
                        () ->
                                AggregationOptions.fromProperties(
                                        Map.of(AggregationOptions.CONFIDENCE_THRESHOLD, "0.4")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(AggregationOptions.CONFIDENCE_THRESHOLD);
    }
}
