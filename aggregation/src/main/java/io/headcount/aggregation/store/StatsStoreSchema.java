package io.headcount.aggregation.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The store's tables and views: Flyway migrations under {@code db/migration}, and the k they apply.
 */
public final class StatsStoreSchema {

    /** Where the migrations are on the classpath. */
    public static final String MIGRATIONS = "classpath:db/migration";

    private StatsStoreSchema() {}

    /** Applies the pending migrations (none on an up-to-date database); returns how many ran. */
    public static int migrate(String jdbcUrl, String user, String password) {
        MigrateResult result =
                Flyway.configure()
                        .dataSource(jdbcUrl, user, password)
                        .locations(MIGRATIONS)
                        .load()
                        .migrate();
        return result.migrationsExecuted;
    }

    /** Sets the k every view re-applies (table {@code suppression_setting}); commits. */
    static void setSuppressionMinCount(Connection connection, int k) throws SQLException {
        try (PreparedStatement update =
                connection.prepareStatement(
                        "UPDATE suppression_setting SET min_count = ? WHERE min_count <> ?")) {
            update.setInt(1, k);
            update.setInt(2, k);
            update.executeUpdate();
        }
        connection.commit();
    }
}
