package io.headcount.aggregation.store;

/**
 * The stats store as the health endpoint reports it (no data: counts, seconds and an exception's
 * class name).
 *
 * @param status {@value #UP} while the database takes the batches, {@value #DEGRADED} while it
 *     fails to (the writer retries, holding its offsets), {@value #STOPPED} once the writer's
 *     thread has ended
 * @param unreachableSeconds how long the database has failed to take batches; 0 while it takes them
 * @param pendingWindows records of {@code audience-stats} the writer has read or could read but not
 *     stored (its consumer lag from the last stored batch)
 * @param failuresInARow failed attempts since the last stored batch
 * @param lastError the class of the last failure while {@value #DEGRADED}, else null
 */
public record StoreHealth(
        String status,
        double unreachableSeconds,
        long pendingWindows,
        int failuresInARow,
        String lastError) {

    public static final String UP = "up";
    public static final String DEGRADED = "degraded";
    public static final String STOPPED = "stopped";
}
