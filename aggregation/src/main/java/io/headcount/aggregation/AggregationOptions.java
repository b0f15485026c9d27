package io.headcount.aggregation;

import io.headcount.schemas.AudienceStats;
import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.FrameProcessed;
import io.headcount.schemas.topics.Topic;
import io.headcount.schemas.topics.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.ConfigException;

/**
 * What the topology computes, independent of how Kafka Streams runs it. Read from the same
 * properties as the Streams settings, under the {@code headcount.aggregation.} prefix.
 *
 * @param windowSize length of the tumbling count windows
 * @param grace how long after a window's end late observations are still counted
 * @param storeRetention how long windows stay in the window store. Streams looks for closed windows
 *     at most once per {@code closedWindowCheckInterval} of wall-clock time, so with a longer interval
 *     a replay that moves event time faster than this retention per interval would lose windows
 *     before they are emitted; a day is ample, and is also what key-based queries of recent windows
 *     can see.
 * @param maxFutureSkew how far ahead of the wall clock a frame time may be; later ones are bad
 *     records (a camera with a wrong clock would otherwise close every open window at once)
 * @param closedWindowCheckInterval how often, in wall-clock time, Streams looks for closed windows
 *     when a record arrives; 0 looks on every record (see {@link AggregationConfig})
 * @param observations the face observations input topic
 * @param framesProcessed the processed frames input topic (frame counts, event time when nobody is
 *     in view, end of a finite source)
 * @param audienceStats the output topic
 */
public record AggregationOptions(
    Duration windowSize,
    Duration grace,
    Duration storeRetention,
    Duration maxFutureSkew,
    Duration closedWindowCheckInterval,
    Topic<String, FaceObservation> observations,
    Topic<String, FrameProcessed> framesProcessed,
    Topic<String, AudienceStats> audienceStats) {

  public static final String PREFIX = "headcount.aggregation.";

  /** Tumbling window length in milliseconds; default 60000 (DESIGN.md section 4). */
  public static final String WINDOW_SIZE_MS = PREFIX + "window.size.ms";

  /** Grace period in milliseconds after a window's end; default 10000. */
  public static final String WINDOW_GRACE_MS = PREFIX + "window.grace.ms";

  /** Window store retention in milliseconds, at least window size + grace; default 86400000. */
  public static final String STORE_RETENTION_MS = PREFIX + "store.retention.ms";

  /** Largest accepted lead of a frame time over the wall clock, in milliseconds; default 300000. */
  public static final String MAX_FUTURE_SKEW_MS = PREFIX + "max.future.skew.ms";

  /**
   * Wall-clock interval in milliseconds between two looks for closed windows; default 0 (every
   * record). Sets Streams' internal {@code __emit.interval.ms.kstreams.windowed.aggregation__}
   * unless the settings name that one directly.
   */
  public static final String CLOSED_WINDOW_CHECK_INTERVAL_MS = PREFIX + "closed.window.check.interval.ms";

  /** Observations input topic; default {@code face-observations}. A replay of a candidate model uses another. */
  public static final String INPUT_TOPIC = PREFIX + "input.topic";

  /** Processed frames input topic; default {@code frames-processed}. */
  public static final String FRAMES_TOPIC = PREFIX + "frames.topic";

  /** Output topic; default {@code audience-stats}. */
  public static final String OUTPUT_TOPIC = PREFIX + "output.topic";

  public static final Duration DEFAULT_WINDOW_SIZE = Duration.ofMinutes(1);
  public static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);
  public static final Duration DEFAULT_STORE_RETENTION = Duration.ofDays(1);
  public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofMinutes(5);
  public static final Duration DEFAULT_CLOSED_WINDOW_CHECK_INTERVAL = Duration.ZERO;

  public AggregationOptions {
    Objects.requireNonNull(observations, "observations");
    Objects.requireNonNull(framesProcessed, "framesProcessed");
    Objects.requireNonNull(audienceStats, "audienceStats");
    requirePositive(WINDOW_SIZE_MS, windowSize);
    requireNotNegative(WINDOW_GRACE_MS, grace);
    requireNotNegative(MAX_FUTURE_SKEW_MS, maxFutureSkew);
    requireNotNegative(CLOSED_WINDOW_CHECK_INTERVAL_MS, closedWindowCheckInterval);
    if (framesProcessed.name().equals(observations.name())) {
      throw new ConfigException(
          FRAMES_TOPIC, framesProcessed.name(), "must differ from " + INPUT_TOPIC);
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
        millis(values, CLOSED_WINDOW_CHECK_INTERVAL_MS, DEFAULT_CLOSED_WINDOW_CHECK_INTERVAL),
        Topics.FACE_OBSERVATIONS.renamed(
            topicName(values, INPUT_TOPIC, Topics.FACE_OBSERVATIONS.name())),
        Topics.FRAMES_PROCESSED.renamed(
            topicName(values, FRAMES_TOPIC, Topics.FRAMES_PROCESSED.name())),
        Topics.AUDIENCE_STATS.renamed(
            topicName(values, OUTPUT_TOPIC, Topics.AUDIENCE_STATS.name())));
  }

  public AggregationOptions withWindow(Duration size, Duration gracePeriod) {
    return new AggregationOptions(
        size,
        gracePeriod,
        storeRetention,
        maxFutureSkew,
        closedWindowCheckInterval,
        observations,
        framesProcessed,
        audienceStats);
  }

  /**
   * How far after its frame time an end-of-stream record is placed in event time: window size plus
   * grace, so every window holding earlier frames of the camera closes.
   */
  public Duration endOfStreamLead() {
    return windowSize.plus(grace);
  }

  /**
   * Where a bad record read from {@code sourceTopic} goes: the source's own {@code <topic>.dlq}.
   * A record that fails after the repartition (whose topic is internal) goes to the observations'.
   */
  public String deadLetterTopicOf(String sourceTopic) {
    boolean input = observations.name().equals(sourceTopic) || framesProcessed.name().equals(sourceTopic);
    return Topics.deadLettersOf(input ? sourceTopic : observations.name()).name();
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

  private static String topicName(Map<?, ?> values, String name, String fallback) {
    Object raw = values.get(name);
    if (raw == null) {
      return fallback;
    }
    String topic = raw.toString().trim();
    if (topic.isEmpty()) {
      throw new ConfigException(name, raw, "must name a topic");
    }
    return topic;
  }

  private static void requirePositive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isZero() || value.isNegative()) {
      throw new ConfigException(name, value.toMillis(), "must be greater than 0 milliseconds");
    }
  }

  private static void requireNotNegative(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative()) {
      throw new ConfigException(name, value.toMillis(), "must not be negative");
    }
  }
}
