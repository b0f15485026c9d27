package io.headcount.aggregation.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.util.Map;

/**
 * The app's own meters. Kafka Streams creates the exception handlers by reflection, so the registry
 * reaches them as an object-valued setting ({@link #METER_REGISTRY_CONFIG}); without one they use
 * Micrometer's global registry.
 */
public final class AggregationMetrics {

  /** Setting whose value is the {@link MeterRegistry} instance the handlers count into. */
  public static final String METER_REGISTRY_CONFIG = "headcount.meter.registry";

  /** Bad records written to a dead-letter topic; tags {@code component}, {@code topic}, {@code reason}. */
  public static final String DEAD_LETTERS = "headcount.dead.letters";

  /** Stream threads that died of an uncaught exception; tags {@code component}, {@code exception}. */
  public static final String STREAM_THREAD_FAILURES = "headcount.stream.thread.failures";

  /** Tracks closed; tag {@code outcome}: {@value #OUTCOME_VISITOR} (confirmed) or {@value #OUTCOME_UNCONFIRMED}. */
  public static final String TRACKS_CLOSED = "headcount.tracks.closed";

  public static final String OUTCOME_VISITOR = "visitor";
  public static final String OUTCOME_UNCONFIRMED = "unconfirmed";

  /** Observations with a track id that no track took (tag {@code reason}: {@code late}); still counted as faces. */
  public static final String UNTRACKED_IMPRESSIONS = "headcount.untracked.impressions";

  public static final String COMPONENT = "aggregation";

  private AggregationMetrics() {}

  public static MeterRegistry registryFrom(Map<String, ?> configs) {
    Object registry = configs.get(METER_REGISTRY_CONFIG);
    if (registry == null) {
      return Metrics.globalRegistry;
    }
    if (registry instanceof MeterRegistry meterRegistry) {
      return meterRegistry;
    }
    throw new IllegalArgumentException(
        METER_REGISTRY_CONFIG + " must be a MeterRegistry instance, not " + registry.getClass().getName());
  }

  public static Counter deadLetters(MeterRegistry registry, String sourceTopic, String reason) {
    return Counter.builder(DEAD_LETTERS)
        .description("Bad records written to a dead-letter topic")
        .tag("component", COMPONENT)
        .tag("topic", String.valueOf(sourceTopic))
        .tag("reason", reason)
        .register(registry);
  }

  public static Counter tracksClosed(MeterRegistry registry, String outcome) {
    return Counter.builder(TRACKS_CLOSED)
        .description("Tracks closed, by whether they were confirmed as visitors")
        .tag("component", COMPONENT)
        .tag("outcome", outcome)
        .register(registry);
  }

  public static Counter untrackedImpressions(MeterRegistry registry, String reason) {
    return Counter.builder(UNTRACKED_IMPRESSIONS)
        .description("Observations with a track id that no track took")
        .tag("component", COMPONENT)
        .tag("reason", reason)
        .register(registry);
  }

  public static Counter streamThreadFailures(MeterRegistry registry, Throwable cause) {
    return Counter.builder(STREAM_THREAD_FAILURES)
        .description("Stream threads that died of an uncaught exception")
        .tag("component", COMPONENT)
        .tag("exception", cause.getClass().getSimpleName())
        .register(registry);
  }
}
