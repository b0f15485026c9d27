package io.headcount.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RestartablePostgresTest {

    @RegisterExtension static final PostgresExtension POSTGRES = PostgresExtension.restartable();

    @Test
    void aStoppedServerRefusesConnectionsAndComesBackWithItsDataOnTheSamePort() throws Exception {
        int port = POSTGRES.port();
        try (Connection db = connect();
                Statement sql = db.createStatement()) {
            sql.execute("CREATE TABLE survivor (name text)");
            sql.execute("INSERT INTO survivor VALUES ('committed before the stop')");
        }

        POSTGRES.stop();
        assertThat(POSTGRES.isRunning()).isFalse();
        assertThatThrownBy(this::connect)
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).startsWith("08"));
        POSTGRES.start();

        assertThat(POSTGRES.port()).isEqualTo(port);
        try (Connection db = connect();
                Statement sql = db.createStatement();
                ResultSet result = sql.executeQuery("SELECT name FROM survivor")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getString(1)).isEqualTo("committed before the stop");
        }
    }

    @Test
    void aServerOfCreateCannotBeStopped() {
        assertThatThrownBy(() -> PostgresExtension.create().stop())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("restartable()");
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(
                POSTGRES.jdbcUrl(), POSTGRES.user(), POSTGRES.password());
    }
}
