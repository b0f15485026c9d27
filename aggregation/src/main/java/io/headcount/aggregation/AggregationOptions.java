package io.headcount.aggregation;

import io.headcount.aggregation.domain.Attribute;
import io.headcount.aggregation.settings.InputTopics;
import io.headcount.aggregation.settings.SettingKeys;
import io.headcount.aggregation.tracking.FusionRules;
import io.headcount.aggregation.tracking.TrackRules;
import io.headcount.schemas.AudienceStats;
import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.FrameProcessed;
import io.headcount.schemas.TrackSummary;
import io.headcount.schemas.topics.Topic;
import io.headcount.schemas.topics.Topics;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.config.ConfigException;

/**
 * What the topology computes, independent of how Kafka Streams runs it. Read from the same
 * properties as the Streams settings, under the {@code headcount.aggregation.} prefix.
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

    /** Tumbling window length in milliseconds; default 60000 (DESIGN.md section 4). */
    public static final String WINDOW_SIZE_MS = PREFIX + "window.size.ms";

    /** Grace period in milliseconds after a window's end; default 10000. */
    public static final String WINDOW_GRACE_MS = PREFIX + "window.grace.ms";

    /**
     * Retention of the emitted windows the REST API serves, in milliseconds, at least window size +
     * grace; default 86400000.
     */
    public static final String STORE_RETENTION_MS = PREFIX + "store.retention.ms";

    /**
     * Largest accepted lead of a frame time over the wall clock, in milliseconds; default 300000.
     */
    public static final String MAX_FUTURE_SKEW_MS = PREFIX + "max.future.skew.ms";

    /**
     * Observations input topic; default {@code face-observations}. A replay of a candidate model
     * uses another.
     */
    public static final String INPUT_TOPIC = SettingKeys.INPUT_TOPIC;

    /** Processed frames input topic; default {@code frames-processed}. */
    public static final String FRAMES_TOPIC = SettingKeys.FRAMES_TOPIC;

    /** Output topic; default {@code audience-stats}. */
    public static final String OUTPUT_TOPIC = PREFIX + "output.topic";

    /** Output topic of the visitors' {@code TrackSummary}; default {@code tracks}. */
    public static final String TRACKS_TOPIC = PREFIX + "tracks.topic";

    /** Event-time gap after which a track closes, in milliseconds; default 3000. */
    public static final String TRACK_GAP_MS = PREFIX + "track.gap.ms";

    /** Longest track segment in milliseconds before a still-seen track is split; default 600000. */
    public static final String TRACK_MAX_DURATION_MS = PREFIX + "track.max.duration.ms";

    /** Impressions a track needs to count as a visitor; default 3. */
    public static final String TRACK_MIN_IMPRESSIONS = PREFIX + "track.min.impressions";

    /** Milliseconds between a visitor's first and last impression, at least; default 500. */
    public static final String TRACK_MIN_SPAN_MS = PREFIX + "track.min.span.ms";

    /**
     * Stream time between two looks for tracks whose gap has passed, in milliseconds; default 1000.
     */
    public static final String TRACK_CHECK_INTERVAL_MS = PREFIX + "track.check.interval.ms";

    /** Confidence a fused attribute value needs, else it is {@code undetermined}; default 0.9. */
    public static final String CONFIDENCE_THRESHOLD = PREFIX + "fusion.confidence.threshold";

    /** |yaw| in degrees below which a face counts as attentive; default 25. */
    public static final String ATTENTION_MAX_YAW_DEGREES = PREFIX + "attention.max.yaw.degrees";

    /** k: breakdown cells with fewer visitors are suppressed; default 5. */
    public static final String SUPPRESSION_MIN_COUNT = PREFIX + "suppression.min.count";

    /** {@code headcount.aggregation.site.<site>.attributes.disabled=sex,age,mask,expression}. */
    public static final String SITE_PREFIX = PREFIX + "site.";

    public static final String ATTRIBUTES_DISABLED_SUFFIX = ".attributes.disabled";

    public static final int DEFAULT_MIN_CELL_COUNT = 5;

    public static final Duration DEFAULT_WINDOW_SIZE = Duration.ofMinutes(1);
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);
    public static final Duration DEFAULT_STORE_RETENTION = Duration.ofDays(1);
    public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofMinutes(5);

    public AggregationOptions {
        Objects.requireNonNull(observations, "observations");
        Objects.requireNonNull(framesProcessed, "framesProcessed");
        Objects.requireNonNull(audienceStats, "audienceStats");
        Objects.requireNonNull(trackSummaries, "trackSummaries");
        Objects.requireNonNull(tracks, "tracks");
        Objects.requireNonNull(fusion, "fusion");
        requirePositive(TRACK_GAP_MS, tracks.gap());
        requirePositive(TRACK_MAX_DURATION_MS, tracks.maxDuration());
        requirePositive(TRACK_CHECK_INTERVAL_MS, tracks.checkInterval());
        requireNotNegative(TRACK_MIN_SPAN_MS, tracks.minSpan());
        if (tracks.minImpressions() < 1) {
            throw new ConfigException(
                    TRACK_MIN_IMPRESSIONS, tracks.minImpressions(), "must be at least 1");
        }
        if (!(fusion.confidenceThreshold() >= 0.5 && fusion.confidenceThreshold() <= 1)) {
            throw new ConfigException(
                    CONFIDENCE_THRESHOLD,
                    fusion.confidenceThreshold(),
                    "must be between 0.5 and 1");
        }
        if (!(fusion.attentionMaxYawDegrees() >= 0 && fusion.attentionMaxYawDegrees() <= 180)) {
            throw new ConfigException(
                    ATTENTION_MAX_YAW_DEGREES,
                    fusion.attentionMaxYawDegrees(),
                    "must be between 0 and 180");
        }
        if (minCellCount < 1) {
            throw new ConfigException(SUPPRESSION_MIN_COUNT, minCellCount, "must be at least 1");
        }
        requirePositive(WINDOW_SIZE_MS, windowSize);
        requireNotNegative(WINDOW_GRACE_MS, grace);
        requireNotNegative(MAX_FUTURE_SKEW_MS, maxFutureSkew);
        if (framesProcessed.name().equals(observations.name())) {
            throw new ConfigException(
                    FRAMES_TOPIC, framesProcessed.name(), "must differ from " + INPUT_TOPIC);
        }
        if (grace != null && grace.compareTo(tracks.closingDelay()) < 0) {
            // A visitor is counted in the window of its last impression, but known only once the
            // track's
            // gap has passed: the window must still be open then.
            throw new ConfigException(
                    WINDOW_GRACE_MS,
                    grace.toMillis(),
                    "must be at least "
                            + TRACK_GAP_MS
                            + " plus "
                            + TRACK_CHECK_INTERVAL_MS
                            + " ("
                            + tracks.closingDelay().toMillis()
                            + " ms), or visitors would arrive after their window closed");
        }
        Objects.requireNonNull(storeRetention, STORE_RETENTION_MS);
        if (storeRetention.compareTo(windowSize.plus(grace)) < 0) {
            throw new ConfigException(
                    STORE_RETENTION_MS,
                    storeRetention.toMillis(),
                    "must be at least the window size plus the grace period ("
                            + windowSize.plus(grace).toMillis()
                            + " ms)");
        }
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
    public static AggregationOptions fromProperties(Map<?, ?> values) {
        return new AggregationOptions(
                millis(values, WINDOW_SIZE_MS, DEFAULT_WINDOW_SIZE),
                millis(values, WINDOW_GRACE_MS, DEFAULT_GRACE),
                millis(values, STORE_RETENTION_MS, DEFAULT_STORE_RETENTION),
                millis(values, MAX_FUTURE_SKEW_MS, DEFAULT_MAX_FUTURE_SKEW),
                Topics.FACE_OBSERVATIONS.renamed(
                        topicName(values, INPUT_TOPIC, Topics.FACE_OBSERVATIONS.name())),
                Topics.FRAMES_PROCESSED.renamed(
                        topicName(values, FRAMES_TOPIC, Topics.FRAMES_PROCESSED.name())),
                Topics.AUDIENCE_STATS.renamed(
                        topicName(values, OUTPUT_TOPIC, Topics.AUDIENCE_STATS.name())),
                new TrackRules(
                        millis(values, TRACK_GAP_MS, TrackRules.DEFAULT_GAP),
                        millis(values, TRACK_MAX_DURATION_MS, TrackRules.DEFAULT_MAX_DURATION),
                        (int)
                                whole(
                                        values,
                                        TRACK_MIN_IMPRESSIONS,
                                        TrackRules.DEFAULT_MIN_IMPRESSIONS),
                        millis(values, TRACK_MIN_SPAN_MS, TrackRules.DEFAULT_MIN_SPAN),
                        millis(values, TRACK_CHECK_INTERVAL_MS, TrackRules.DEFAULT_CHECK_INTERVAL)),
                new FusionRules(
                        decimal(
                                values,
                                CONFIDENCE_THRESHOLD,
                                FusionRules.DEFAULT_CONFIDENCE_THRESHOLD),
                        decimal(
                                values,
                                ATTENTION_MAX_YAW_DEGREES,
                                FusionRules.DEFAULT_ATTENTION_MAX_YAW_DEGREES),
                        disabledAttributes(values)),
                (int) whole(values, SUPPRESSION_MIN_COUNT, DEFAULT_MIN_CELL_COUNT),
                Topics.TRACKS.renamed(topicName(values, TRACKS_TOPIC, Topics.TRACKS.name())));
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

    private static Duration millis(Map<?, ?> values, String name, Duration fallback) {
        Object raw = values.get(name);
        if (raw == null) {
            return fallback;
        }
        try {
            return Duration.ofMillis(Long.parseLong(raw.toString().trim()));
        } catch (NumberFormatException e) {
            throw new ConfigException(name, raw, "must be a whole number of milliseconds");
        }
    }

    private static long whole(Map<?, ?> values, String name, long fallback) {
        Object raw = values.get(name);
        if (raw == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(raw.toString().trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(name, raw, "must be a whole number");
        }
    }

    private static double decimal(Map<?, ?> values, String name, double fallback) {
        Object raw = values.get(name);
        if (raw == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(raw.toString().trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(name, raw, "must be a number");
        }
    }

    /** Every {@code headcount.aggregation.site.<site>.attributes.disabled} setting, by site. */
    private static Map<String, Set<Attribute>> disabledAttributes(Map<?, ?> values) {
        Map<String, Set<Attribute>> bySite = new TreeMap<>();
        for (Map.Entry<?, ?> entry : values.entrySet()) {
            String name = String.valueOf(entry.getKey());
            if (!name.startsWith(SITE_PREFIX)
                    || !name.endsWith(ATTRIBUTES_DISABLED_SUFFIX)
                    || name.length()
                            <= SITE_PREFIX.length() + ATTRIBUTES_DISABLED_SUFFIX.length()) {
                continue;
            }
            String site =
                    name.substring(
                            SITE_PREFIX.length(),
                            name.length() - ATTRIBUTES_DISABLED_SUFFIX.length());
            Set<Attribute> disabled = EnumSet.noneOf(Attribute.class);
            for (String attribute : String.valueOf(entry.getValue()).split(",")) {
                if (attribute.isBlank()) {
                    continue;
                }
                disabled.add(
                        Attribute.fromSetting(attribute)
                                .orElseThrow(
                                        () ->
                                                new ConfigException(
                                                        name,
                                                        entry.getValue(),
                                                        "lists an unknown attribute '"
                                                                + attribute.trim()
                                                                + "'; known: sex, age, mask, expression")));
            }
            bySite.put(site, Set.copyOf(disabled));
        }
        return bySite;
    }

    private static String topicName(Map<?, ?> values, String name, String fallback) {
        return InputTopics.topicName(values, name, fallback);
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isZero() || value.isNegative()) {
            throw new ConfigException(
                    name, value.toMillis(), "must be greater than 0 milliseconds");
        }
    }

    private static void requireNotNegative(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new ConfigException(name, value.toMillis(), "must not be negative");
        }
    }
}
