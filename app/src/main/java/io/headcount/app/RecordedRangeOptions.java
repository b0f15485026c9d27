package io.headcount.app;

import io.headcount.app.replay.TimeRange;
import java.time.Instant;
import picocli.CommandLine.Option;

/** The options that name a range of the recorded frames: shared by replay and compare. */
final class RecordedRangeOptions {

    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT")
    String bootstrapServers;

    @Option(
            names = "--from",
            required = true,
            paramLabel = "INSTANT",
            description =
                    "Start of the range (ISO-8601, e.g. 2026-11-27T10:00:00Z), a window boundary.")
    Instant from;

    @Option(
            names = "--to",
            required = true,
            paramLabel = "INSTANT",
            description = "End of the range (excluded), a window boundary, not in the future.")
    Instant to;

    TimeRange range() {
        return new TimeRange(from, to);
    }
}
