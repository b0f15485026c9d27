package io.headcount.aggregation.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** The stats store's meters; the dead-letter counter has the same name and tags as the app's. */
public final class StoreMetrics {

    /**
     * Bad records written to a dead-letter topic; tags {@code component}, {@code topic}, {@code
     * reason}.
     */
    public static final String DEAD_LETTERS = "headcount.dead.letters";

    /** Windows written to the database (each record, including redeliveries, once). */
    public static final String WINDOWS_STORED = "headcount.store.windows";

    /**
     * Batches the database failed to take, each followed by a retry after a back-off: the retries;
     * tag {@code exception}.
     */
    public static final String BATCH_FAILURES = "headcount.store.batch.failures";

    /** Seconds the database has failed to take batches; 0 while it takes them. */
    public static final String UNREACHABLE_SECONDS = "headcount.store.unreachable.seconds";

    /**
     * Records of {@code audience-stats} not yet stored (the writer's lag): they wait in Kafka, with
     * their offsets uncommitted, while the database is away.
     */
    public static final String PENDING_WINDOWS = "headcount.store.pending.windows";

    public static final String COMPONENT = "stats-store";

    private StoreMetrics() {}

    public static Counter deadLetters(MeterRegistry registry, String sourceTopic, String reason) {
        return Counter.builder(DEAD_LETTERS)
                .description("Bad records written to a dead-letter topic")
                .tag("component", COMPONENT)
                .tag("topic", sourceTopic)
                .tag("reason", reason)
                .register(registry);
    }

    public static Counter windowsStored(MeterRegistry registry) {
        return Counter.builder(WINDOWS_STORED)
                .description("Audience windows upserted into PostgreSQL")
                .tag("component", COMPONENT)
                .register(registry);
    }

    public static Counter batchFailures(MeterRegistry registry, Throwable cause) {
        return Counter.builder(BATCH_FAILURES)
                .description("Batches the database failed to take (retried)")
                .tag("component", COMPONENT)
                .tag("exception", cause.getClass().getSimpleName())
                .register(registry);
    }

    static void bindGauges(MeterRegistry registry, StoreStatus status) {
        Gauge.builder(UNREACHABLE_SECONDS, status, StoreStatus::unreachableSeconds)
                .description(
                        "Seconds the database has failed to take batches (0 while it takes them)")
                .baseUnit("seconds")
                .tag("component", COMPONENT)
                .register(registry);
        Gauge.builder(PENDING_WINDOWS, status, StoreStatus::pendingWindows)
                .description("Records of audience-stats not yet stored (the writer's lag)")
                .tag("component", COMPONENT)
                .register(registry);
    }
}
