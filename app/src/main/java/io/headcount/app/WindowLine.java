package io.headcount.app;

import io.headcount.schemas.AudienceStats;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** One closed window as a line of text for the terminal. */
final class WindowLine {

    private static final DateTimeFormatter START =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter END =
            DateTimeFormatter.ofPattern("HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private WindowLine() {}

    static String of(AudienceStats stats) {
        return String.format(
                "window %s..%s  site=%s camera=%s  frames=%d faces=%d",
                START.format(stats.getWindowStart()),
                END.format(stats.getWindowEnd()),
                stats.getSite(),
                stats.getCamera(),
                stats.getFrames(),
                stats.getFaceObservations());
    }
}
