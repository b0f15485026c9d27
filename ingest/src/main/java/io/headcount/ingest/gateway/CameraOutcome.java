package io.headcount.ingest.gateway;

import io.headcount.ingest.RunSummary;

/**
 * How one camera of a gateway ended.
 *
 * @param camera camera id
 * @param summary what its run published; null if it did not run (already finished) or failed
 * @param resumedAt the sequence it resumed at from the checkpoint (0 if it started over)
 * @param reconnects how often its source was reopened after failing
 * @param gaveUp the source failed its maximum number of attempts in a row
 * @param alreadyFinished the checkpoint says it was published to the end before: not run again
 * @param error what stopped it, if anything (a fatal Kafka error); null otherwise
 */
public record CameraOutcome(
        String camera,
        RunSummary summary,
        long resumedAt,
        long reconnects,
        boolean gaveUp,
        boolean alreadyFinished,
        Throwable error) {}
