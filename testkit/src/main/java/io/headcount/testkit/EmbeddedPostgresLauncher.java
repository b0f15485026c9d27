package io.headcount.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
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
}
