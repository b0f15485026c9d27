package io.headcount.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.aggregation.AggregationConfig;
import io.headcount.aggregation.store.StatsStoreOptions;
import io.headcount.inference.settings.JobOptions;
import io.headcount.ingest.gateway.GatewayConfig;
import io.headcount.ingest.gateway.GatewayConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The settings files docker-compose mounts are read by the same code the services run, and every
 * file or folder of the repository that docker-compose mounts exists (a renamed file would
 * otherwise surface only on a machine with Docker).
 */
class DeploymentConfigTest {

    @Test
    void theGatewayConfigLoads() {
        GatewayConfig config = GatewayConfigLoader.load(ProjectFiles.composeConfig("gateway.yaml"));
        assertThat(config.bootstrapServers()).isEqualTo("kafka:9092");
        assertThat(config.cameras()).hasSizeGreaterThanOrEqualTo(1);
    }

    @Test
    void theAggregationSettingsValidateAndStoreWindows() {
        Properties settings =
                AggregationConfig.load(ProjectFiles.composeConfig("aggregation.properties"));
        assertThat(AggregationConfig.streamsConfig(settings)).isNotEmpty();
        Map<String, Object> values = new HashMap<>();
        settings.forEach((key, value) -> values.put((String) key, value));
        StatsStoreOptions store = StatsStoreOptions.fromSettings(values, Map.of());
        assertThat(store.jdbcUrl()).isEqualTo("jdbc:postgresql://postgres:5432/headcount");
        assertThat(store.password()).as("no password in a committed file").isNull();
    }

    @Test
    void theInferenceSettingsValidate() throws Exception {
        Properties settings = new Properties();
        try (var reader =
                Files.newBufferedReader(ProjectFiles.composeConfig("inference.properties"))) {
            settings.load(reader);
        }
        Map<String, String> values = new HashMap<>();
        settings.stringPropertyNames().forEach(key -> values.put(key, settings.getProperty(key)));
        assertThat(JobOptions.fromMap(values).toString()).contains("kafka:9092");
    }

    @Test
    void prometheusLoadsEveryRulesFileFromWhereComposeMountsIt() throws Exception {
        Map<String, Object> prometheus;
        try (var reader = Files.newBufferedReader(ProjectFiles.prometheus("prometheus.yml"))) {
            prometheus = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        }
        String compose = Files.readString(ProjectFiles.root().resolve("docker-compose.yml"));
        assertThat(prometheus.get("rule_files")).isEqualTo(List.of("alerts.yml"));
        for (Object file : (List<?>) prometheus.get("rule_files")) {
            // Relative rule files resolve against the directory of prometheus.yml in the container.
            assertThat(compose)
                    .contains(
                            "- ./dashboards/prometheus/"
                                    + file
                                    + ":/etc/prometheus/"
                                    + file
                                    + ":ro");
            assertThat(AlertRules.load(ProjectFiles.prometheus((String) file)).rules())
                    .isNotEmpty();
        }
    }

    @Test
    void everyRepositoryPathTheComposeFileMountsExists() throws Exception {
        Path root = ProjectFiles.root();
        String compose = Files.readString(root.resolve("docker-compose.yml"));
        Matcher mount = Pattern.compile("(?m)^\\s*- (\\./[^:\\s]+):").matcher(compose);
        List<String> mounts = new java.util.ArrayList<>();
        while (mount.find()) {
            mounts.add(mount.group(1));
        }
        assertThat(mounts)
                .contains(
                        "./dashboards/grafana/provisioning",
                        "./dashboards/grafana/dashboards",
                        "./dashboards/prometheus/prometheus.yml",
                        "./dashboards/prometheus/alerts.yml",
                        "./deploy/compose");
        for (String path : mounts) {
            if (path.contains("/target")) {
                continue; // build output: exists after `./mvnw install`
            }
            assertThat(root.resolve(path)).as(path).exists();
        }
    }
}
