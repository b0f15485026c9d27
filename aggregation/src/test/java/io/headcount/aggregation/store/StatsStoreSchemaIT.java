package io.headcount.aggregation.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headcount.testkit.PostgresExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The migrations on a real, empty PostgreSQL server (the first test sees it empty). */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StatsStoreSchemaIT {

    @RegisterExtension static final PostgresExtension POSTGRES = PostgresExtension.create();

    @Test
    @Order(1)
    void migrationsApplyOnAnEmptyDatabaseOnceAndCreateTheTablesAndViews() throws SQLException {
        assertThat(
                        names(
                                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"))
                .isEmpty();

        int first =
                StatsStoreSchema.migrate(POSTGRES.jdbcUrl(), POSTGRES.user(), POSTGRES.password());
        int again =
                StatsStoreSchema.migrate(POSTGRES.jdbcUrl(), POSTGRES.user(), POSTGRES.password());

        assertThat(first).isEqualTo(1);
        assertThat(again).isZero();
        assertThat(
                        names(
                                "SELECT table_name FROM information_schema.tables"
                                        + " WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"))
                .contains(
                        "audience_window",
                        "audience_cell",
                        "suppression_setting",
                        "flyway_schema_history");
        assertThat(
                        names(
                                "SELECT table_name FROM information_schema.views WHERE table_schema = 'public'"))
                .containsExactlyInAnyOrder(
                        "audience_window_public",
                        "audience_cell_public",
                        "audience_hourly",
                        "audience_daily",
                        "audience_cell_hourly",
                        "audience_cell_daily");
        assertThat(names("SELECT min_count::text FROM suppression_setting")).containsExactly("5");
    }

    @Test
    @Order(2)
    void aSuppressedCellCannotHoldACountNorAShownCellLackOne() throws SQLException {
        StatsStoreSchema.migrate(POSTGRES.jdbcUrl(), POSTGRES.user(), POSTGRES.password());
        try (Connection db = POSTGRES.dataSource().getConnection();
                Statement sql = db.createStatement()) {
            sql.execute(
                    "INSERT INTO audience_window (site, camera, window_start, window_end, model_set, frames,"
                            + " face_observations, visitors) VALUES ('s', 'c', '2026-11-27T10:00Z', '2026-11-27T10:01Z', 'm', 1, 1, 1)");

            assertThatThrownBy(() -> sql.execute(cell("3, true")))
                    .hasMessageContaining("audience_cell_check");
            assertThatThrownBy(() -> sql.execute(cell("NULL, false")))
                    .hasMessageContaining("audience_cell_check");
            sql.execute(cell("NULL, true"));
        }
    }

    private static String cell(String countAndSuppressed) {
        return "INSERT INTO audience_cell (site, camera, window_start, model_set, dimension, value, count, suppressed)"
                + " VALUES ('s', 'c', '2026-11-27T10:00Z', 'm', 'sex', 'female', "
                + countAndSuppressed
                + ")"
                + " ON CONFLICT DO NOTHING";
    }

    private static List<String> names(String query) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection db = POSTGRES.dataSource().getConnection();
                Statement sql = db.createStatement();
                ResultSet rows = sql.executeQuery(query)) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }
}
