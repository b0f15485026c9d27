package io.headcount.aggregation.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatsStoreOptionsTest {

    private static final Map<String, String> SETTINGS =
            Map.of(
                    "bootstrap.servers",
                    "broker:9092",
                    StatsStoreOptions.JDBC_URL,
                    "jdbc:postgresql://db:5432/headcount",
                    StatsStoreOptions.JDBC_USER,
                    "grafana_writer",
                    StatsStoreOptions.JDBC_PASSWORD,
                    "from-file",
                    StatsStoreOptions.SUPPRESSION_MIN_COUNT,
                    "7",
                    StatsStoreOptions.CONSUMER_PREFIX + "max.poll.interval.ms",
                    "60000");

    @Test
    void theEnvironmentPasswordWinsOverTheSettingsAndIsNeverPrinted() {
        StatsStoreOptions options =
                StatsStoreOptions.fromSettings(
                        SETTINGS, Map.of(StatsStoreOptions.PASSWORD_ENV, "from-env"));

        assertThat(options.password()).isEqualTo("from-env");
        assertThat(options.toString()).doesNotContain("from-env").contains("password=***");
    }

    @Test
    void unsetOptionsTakeTheDefaultsAndPrefixedClientSettingsPassThrough() {
        StatsStoreOptions options = StatsStoreOptions.fromSettings(SETTINGS, Map.of());

        assertThat(options.password()).isEqualTo("from-file");
        assertThat(options.user()).isEqualTo("grafana_writer");
        assertThat(options.topic()).isEqualTo("audience-stats");
        assertThat(options.deadLetterTopic()).isEqualTo("audience-stats.dlq");
        assertThat(options.groupId()).isEqualTo(StatsStoreOptions.DEFAULT_GROUP_ID);
        assertThat(options.suppressionMinCount()).isEqualTo(7);
        assertThat(options.migrate()).isTrue();
        assertThat(options.consumerOverrides()).containsEntry("max.poll.interval.ms", "60000");
        assertThat(options.producerOverrides()).isEmpty();
    }

    @Test
    void theRetryBackOffDoublesWithEachFailureInARowUpToItsLongest() {
        Map<String, String> settings = new HashMap<>(SETTINGS);
        settings.put(StatsStoreOptions.RETRY_BACKOFF_MS, "500");
        settings.put(StatsStoreOptions.RETRY_BACKOFF_MAX_MS, "3000");
        StatsStoreOptions options = StatsStoreOptions.fromSettings(settings, Map.of());

        assertThat(
                        java.util.stream.IntStream.rangeClosed(1, 6)
                                .mapToObj(options::retryBackoffAfter)
                                .map(Duration::toMillis)
                                .toList())
                .containsExactly(500L, 1_000L, 2_000L, 3_000L, 3_000L, 3_000L);
        assertThat(options.retryBackoffAfter(1_000)).isEqualTo(Duration.ofSeconds(3));
        StatsStoreOptions defaults = StatsStoreOptions.fromSettings(SETTINGS, Map.of());
        assertThat(defaults.retryBackoffAfter(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(defaults.retryBackoffAfter(100)).isEqualTo(Duration.ofSeconds(30));
        settings.put(StatsStoreOptions.RETRY_BACKOFF_MAX_MS, "100");
        assertThatThrownBy(() -> StatsStoreOptions.fromSettings(settings, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(StatsStoreOptions.RETRY_BACKOFF_MAX_MS);
    }

    @Test
    void theDatabaseAndTheBrokerAreRequiredAndKAtLeastOne() {
        assertThatThrownBy(
                        () ->
                                StatsStoreOptions.fromSettings(
                                        Map.of("bootstrap.servers", "b:9092"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(StatsStoreOptions.JDBC_URL);
        assertThatThrownBy(
                        () ->
                                StatsStoreOptions.fromSettings(
                                        Map.of(StatsStoreOptions.JDBC_URL, "jdbc:postgresql:x"),
                                        Map.of()))
                .hasMessageContaining("bootstrap.servers");
        assertThatThrownBy(
                        () ->
                                StatsStoreOptions.of("b:9092", "jdbc:postgresql:x", null, null)
                                        .withSuppressionMinCount(0))
                .hasMessageContaining(StatsStoreOptions.SUPPRESSION_MIN_COUNT);
    }

    @Test
    void aPasswordFileWinsOverTheSettingAndLosesToTheEnvironment(@TempDir Path dir)
            throws IOException {
        Path secret = dir.resolve("db-password");
        Files.writeString(secret, "from-secret\n");
        Map<String, String> settings = new HashMap<>(SETTINGS);
        settings.put(StatsStoreOptions.JDBC_PASSWORD_FILE, secret.toString());

        assertThat(StatsStoreOptions.fromSettings(settings, Map.of()).password())
                .isEqualTo("from-secret");
        assertThat(
                        StatsStoreOptions.fromSettings(
                                        settings,
                                        Map.of(StatsStoreOptions.PASSWORD_ENV, "from-env"))
                                .password())
                .isEqualTo("from-env");
        settings.put(StatsStoreOptions.JDBC_PASSWORD_FILE, dir.resolve("missing").toString());
        assertThatThrownBy(() -> StatsStoreOptions.fromSettings(settings, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(StatsStoreOptions.JDBC_PASSWORD_FILE);
    }

    @Test
    void aPropertiesFileConfiguresTheStoreOnlyWithAJdbcUrl() {
        Properties file = new Properties();
        file.putAll(SETTINGS);

        assertThat(StatsStoreOptions.ifConfigured(file, Map.of()))
                .get()
                .extracting(StatsStoreOptions::jdbcUrl, StatsStoreOptions::suppressionMinCount)
                .containsExactly("jdbc:postgresql://db:5432/headcount", 7);
        file.remove(StatsStoreOptions.JDBC_URL);
        assertThat(StatsStoreOptions.ifConfigured(file, Map.of())).isEmpty();
        file.put(StatsStoreOptions.JDBC_URL, " ");
        assertThatThrownBy(() -> StatsStoreOptions.ifConfigured(file, Map.of()))
                .hasMessageContaining(StatsStoreOptions.JDBC_URL);
    }

    @Test
    void withoutAJdbcUrlNoWriterStarts() {
        assertThat(
                        StatsStoreWriter.startIfConfigured(
                                Map.of("bootstrap.servers", "broker:9092"),
                                Map.of(),
                                new SimpleMeterRegistry()))
                .isEmpty();
    }
}
