package io.headcount.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresExtensionTest {

    @RegisterExtension static final PostgresExtension POSTGRES = PostgresExtension.create();

    @Test
    void aRealPostgresServerAnswers() throws Exception {
        try (Connection connection = POSTGRES.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("select version()")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getString(1)).startsWith("PostgreSQL ");
        }
    }

    @Test
    void rowsWrittenThroughTheJdbcUrlAreReadBack() throws Exception {
        try (Connection connection =
                DriverManager.getConnection(
                        POSTGRES.jdbcUrl(), POSTGRES.user(), POSTGRES.password())) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(
                        "create table audience (camera text not null, window_start timestamptz not null, visitors int not null)");
            }
            try (PreparedStatement insert =
                    connection.prepareStatement("insert into audience values (?, ?, ?)")) {
                for (int i = 0; i < 3; i++) {
                    insert.setString(1, "cam-" + i);
                    insert.setObject(
                            2,
                            java.time.OffsetDateTime.ofInstant(
                                    Instant.parse("2026-01-01T10:00:00Z").plusSeconds(60L * i),
                                    java.time.ZoneOffset.UTC));
                    insert.setInt(3, 10 * i + 1);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            List<String> rows = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                    ResultSet result =
                            statement.executeQuery(
                                    "select camera, visitors from audience where visitors > 5 order by camera")) {
                while (result.next()) {
                    rows.add(result.getString(1) + "=" + result.getInt(2));
                }
            }
            assertThat(rows).containsExactly("cam-1=11", "cam-2=21");
        }
    }
}
