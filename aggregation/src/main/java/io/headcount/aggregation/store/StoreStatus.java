package io.headcount.aggregation.store;

/**
 * What the writer's thread knows of the database, read by other threads (gauges, health): written
 * by one thread, so plain volatile fields suffice.
 */
final class StoreStatus {

    private static final long NOT_FAILING = Long.MIN_VALUE;

    private volatile long failingSinceNanos = NOT_FAILING;
    private volatile int failuresInARow;
    private volatile long pendingWindows;
    private volatile String lastError;

    /** A batch failed; returns how many have failed in a row, this one included. */
    int failed(Throwable cause) {
        if (failingSinceNanos == NOT_FAILING) {
            failingSinceNanos = System.nanoTime();
        }
        lastError = cause.getClass().getSimpleName();
        return ++failuresInARow;
    }

    /** A batch was stored: the database is back, if it was away. */
    void stored() {
        failingSinceNanos = NOT_FAILING;
        failuresInARow = 0;
        lastError = null;
    }

    void pendingWindows(long pending) {
        pendingWindows = pending;
    }

    long pendingWindows() {
        return pendingWindows;
    }

    double unreachableSeconds() {
        long since = failingSinceNanos;
        return since == NOT_FAILING ? 0 : (System.nanoTime() - since) / 1e9;
    }

    StoreHealth health(boolean running) {
        boolean failing = failingSinceNanos != NOT_FAILING;
        String status =
                !running ? StoreHealth.STOPPED : failing ? StoreHealth.DEGRADED : StoreHealth.UP;
        return new StoreHealth(
                status,
                unreachableSeconds(),
                pendingWindows,
                failuresInARow,
                failing ? lastError : null);
    }
}
