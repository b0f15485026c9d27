package io.headcount.aggregation;

import io.headcount.aggregation.settings.FusionOptions;
import io.headcount.aggregation.settings.InputTopics;
import io.headcount.aggregation.settings.SettingKeys;
import io.headcount.aggregation.settings.SettingValues;
import io.headcount.aggregation.settings.SuppressionOptions;
import io.headcount.aggregation.settings.TopicOptions;
import io.headcount.aggregation.settings.TrackOptions;
import io.headcount.aggregation.settings.WindowOptions;
import io.headcount.aggregation.tracking.FusionRules;
import io.headcount.aggregation.tracking.TrackRules;
import io.headcount.schemas.AudienceStats;
import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.FrameProcessed;
import io.headcount.schemas.TrackSummary;
import io.headcount.schemas.topics.Topic;
import io.headcount.schemas.topics.Topics;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.ConfigException;

/**
 * What the topology computes, independent of how Kafka Streams runs it. Read from the same
 * properties as the Streams settings, under the {@code headcount.aggregation.} prefix; each concern
 * declares its keys, defaults and checks in its own class of {@code settings} ({@link
 * WindowOptions}, {@link TopicOptions}, {@link TrackOptions}, {@link FusionOptions}, {@link
 * SuppressionOptions}), read through core's {@code OptionValues} by {@link SettingValues}. Other
 * keys are left to Kafka Streams.
 *
 * @param windowSize length of the tumbling count windows
 * @param grace how long after a window's end late observations are still counted
 * @param storeRetention how long emitted windows stay in the queryable store {@code
 *     audience-windows}: what the REST API can see
 * @param maxFutureSkew how far ahead of the wall clock a frame time may be; later ones are bad
 *     records (a camera with a wrong clock would otherwise close every open window at once)
 * @param observations the face observations input topic
 * @param framesProcessed the processed frames input topic (frame counts, event time when nobody is
 *     in view, end of a finite source)
 * @param audienceStats the output topic
 * @param tracks when tracks close and count as visitors
 * @param fusion how attributes are fused, and which each site switched off
 * @param minCellCount k of small-cell suppression: a breakdown cell with fewer visitors is
 *     suppressed
 * @param trackSummaries the visitors' output topic
 */
public record AggregationOptions(
        Duration windowSize,
        Duration grace,
        Duration storeRetention,
        Duration maxFutureSkew,
        Topic<String, FaceObservation> observations,
        Topic<String, FrameProcessed> framesProcessed,
        Topic<String, AudienceStats> audienceStats,
        TrackRules tracks,
        FusionRules fusion,
        int minCellCount,
        Topic<String, TrackSummary> trackSummaries) {

    public static final String PREFIX = SettingKeys.PREFIX;

    // The keys, by concern; each class holds their documentation and defaults.

    public static final String WINDOW_SIZE_MS = WindowOptions.WINDOW_SIZE_MS;
    public static final String WINDOW_GRACE_MS = WindowOptions.WINDOW_GRACE_MS;
    public static final String STORE_RETENTION_MS = WindowOptions.STORE_RETENTION_MS;
    public static final String MAX_FUTURE_SKEW_MS = WindowOptions.MAX_FUTURE_SKEW_MS;

    public static final String INPUT_TOPIC = TopicOptions.INPUT_TOPIC;
    public static final String FRAMES_TOPIC = TopicOptions.FRAMES_TOPIC;
    public static final String OUTPUT_TOPIC = TopicOptions.OUTPUT_TOPIC;
    public static final String TRACKS_TOPIC = TopicOptions.TRACKS_TOPIC;
    public static final String DEAD_LETTERED_FRAMES_TOPIC = TopicOptions.DEAD_LETTERED_FRAMES_TOPIC;

    public static final String TRACK_GAP_MS = TrackOptions.TRACK_GAP_MS;
    public static final String TRACK_MAX_DURATION_MS = TrackOptions.TRACK_MAX_DURATION_MS;
    public static final String TRACK_MIN_IMPRESSIONS = TrackOptions.TRACK_MIN_IMPRESSIONS;
    public static final String TRACK_MIN_SPAN_MS = TrackOptions.TRACK_MIN_SPAN_MS;
    public static final String TRACK_CHECK_INTERVAL_MS = TrackOptions.TRACK_CHECK_INTERVAL_MS;

    public static final String CONFIDENCE_THRESHOLD = FusionOptions.CONFIDENCE_THRESHOLD;
    public static final String ATTENTION_MAX_YAW_DEGREES = FusionOptions.ATTENTION_MAX_YAW_DEGREES;
    public static final String SITE_PREFIX = FusionOptions.SITE_PREFIX;
    public static final String ATTRIBUTES_DISABLED_SUFFIX =
            FusionOptions.ATTRIBUTES_DISABLED_SUFFIX;

    public static final String SUPPRESSION_MIN_COUNT = SuppressionOptions.SUPPRESSION_MIN_COUNT;

    public static final int DEFAULT_MIN_CELL_COUNT = SuppressionOptions.DEFAULT_MIN_CELL_COUNT;

    public static final Duration DEFAULT_WINDOW_SIZE = WindowOptions.DEFAULT_WINDOW_SIZE;
    public static final Duration DEFAULT_GRACE = WindowOptions.DEFAULT_GRACE;
    public static final Duration DEFAULT_STORE_RETENTION = WindowOptions.DEFAULT_STORE_RETENTION;
    public static final Duration DEFAULT_MAX_FUTURE_SKEW = WindowOptions.DEFAULT_MAX_FUTURE_SKEW;

    /** Checks each concern's settings, in a fixed order: the first bad one is reported. */
    public AggregationOptions {
        Objects.requireNonNull(observations, "observations");
        Objects.requireNonNull(framesProcessed, "framesProcessed");
        Objects.requireNonNull(audienceStats, "audienceStats");
        Objects.requireNonNull(trackSummaries, "trackSummaries");
        Objects.requireNonNull(tracks, "tracks");
        Objects.requireNonNull(fusion, "fusion");
        TrackOptions.requireValid(tracks);
        FusionOptions.requireValid(fusion);
        SuppressionOptions.requireValid(minCellCount);
        WindowOptions.requireValid(windowSize, grace, maxFutureSkew);
        TopicOptions.requireDistinctInputs(observations.name(), framesProcessed.name());
        WindowOptions.requireConsistent(windowSize, grace, storeRetention, tracks.closingDelay());
    }

    public static AggregationOptions defaults() {
        return fromProperties(Map.of());
    }

    /**
     * Reads the options from property values (strings, as in a properties file); absent ones take
     * their defaults.
     *
     * @throws ConfigException naming the setting, for a value that is not a number or out of range
     */
    public static AggregationOptions fromProperties(Map<?, ?> properties) {
        SettingValues values = SettingValues.read(properties, defaultValues());
        return new AggregationOptions(
                values.millis(WINDOW_SIZE_MS),
                values.millis(WINDOW_GRACE_MS),
                values.millis(STORE_RETENTION_MS),
                values.millis(MAX_FUTURE_SKEW_MS),
                Topics.FACE_OBSERVATIONS.renamed(values.topic(INPUT_TOPIC)),
                Topics.FRAMES_PROCESSED.renamed(values.topic(FRAMES_TOPIC)),
                Topics.AUDIENCE_STATS.renamed(values.topic(OUTPUT_TOPIC)),
                TrackOptions.rules(values),
                FusionOptions.rules(values, properties),
                values.whole(SUPPRESSION_MIN_COUNT),
                Topics.TRACKS.renamed(values.topic(TRACKS_TOPIC)));
    }

    /** Every declared key and its default, by concern. */
    static Map<String, String> defaultValues() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.putAll(WindowOptions.defaults());
        defaults.putAll(TopicOptions.defaults());
        defaults.putAll(TrackOptions.defaults());
        defaults.putAll(FusionOptions.defaults());
        defaults.putAll(SuppressionOptions.defaults());
        return defaults;
    }

    public AggregationOptions withWindow(Duration size, Duration gracePeriod) {
        return new AggregationOptions(
                size,
                gracePeriod,
                storeRetention,
                maxFutureSkew,
                observations,
                framesProcessed,
                audienceStats,
                tracks,
                fusion,
                minCellCount,
                trackSummaries);
    }

    /**
     * How far after its frame time an end-of-stream record is placed in event time: window size
     * plus grace, so every window holding earlier frames of the camera closes.
     */
    public Duration endOfStreamLead() {
        return windowSize.plus(grace);
    }

    /**
     * Where a bad record read from {@code sourceTopic} goes: the source's own {@code <topic>.dlq}.
     * A record that fails after the repartition (whose topic is internal) goes to the
     * observations'.
     */
    public String deadLetterTopicOf(String sourceTopic) {
        return new InputTopics(observations.name(), framesProcessed.name())
                .deadLetterTopicOf(sourceTopic);
    }
}
