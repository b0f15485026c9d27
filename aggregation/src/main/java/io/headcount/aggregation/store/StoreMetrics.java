package io.headcount.aggregation.store;

import io.micrometer.core.instrument.Counter;
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

    /** Batches the database failed to take, to be retried; tag {@code exception}. */
    public static final String BATCH_FAILURES = "headcount.store.batch.failures";

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
}
