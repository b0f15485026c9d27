package io.headcount.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;

/** Starts an embedded PostgreSQL server. */
final class EmbeddedPostgresLauncher {

    private EmbeddedPostgresLauncher() {}

    static EmbeddedPostgres start(Duration startupWait) {
        try {
            return EmbeddedPostgres.builder().setPGStartupWait(startupWait).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start embedded PostgreSQL", e);
        }
    }

    /**
     * A server on {@code dataDirectory}, kept when it stops: the first start initialises it, a
     * later one finds its databases as the last stop left them.
     *
     * @param port 0 for a free one
     */
    static EmbeddedPostgres start(Duration startupWait, Path dataDirectory, int port) {
        try {
            EmbeddedPostgres.Builder builder =
                    EmbeddedPostgres.builder()
                            .setPGStartupWait(startupWait)
                            .setDataDirectory(dataDirectory)
                            .setCleanDataDirectory(false);
            if (port != 0) {
                builder.setPort(port);
            }
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start embedded PostgreSQL", e);
        }
    }
}
