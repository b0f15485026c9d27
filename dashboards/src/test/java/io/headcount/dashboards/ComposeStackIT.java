package io.headcount.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.testkit.SharedAssets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * {@code docker compose up} of the repository's stack, where a Docker engine runs (skipped
 * elsewhere): every service comes up, Grafana has both dashboards, and the aggregation service
 * counts visitors from the sample gateway. Needs the jars: run after {@code ./mvnw install}.
 */
@Testcontainers(disabledWithoutDocker = true)
class ComposeStackIT {

    @Container
    static final ComposeContainer STACK =
            new ComposeContainer(ProjectFiles.root().resolve("docker-compose.yml").toFile())
                    .withExposedService(
                            "grafana",
                            3000,
                            Wait.forHttp("/api/health").withStartupTimeout(Duration.ofMinutes(5)))
                    .withExposedService(
                            "aggregation",
                            8090,
                            Wait.forHttp("/health").withStartupTimeout(Duration.ofMinutes(5)))
                    .withExposedService(
                            "prometheus",
                            9090,
                            Wait.forHttp("/-/ready").withStartupTimeout(Duration.ofMinutes(5)))
                    // Absolute paths: the models and face data live outside the repository.
                    .withEnv("HEADCOUNT_MODELS", SharedAssets.model("").toString())
                    .withEnv("HEADCOUNT_DATA", SharedAssets.data("").toString())
                    .withRemoveVolumes(true);

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void grafanaServesBothDashboards() throws Exception {
        String search = get("grafana", 3000, "/api/search?tag=headcount");
        assertThat(search).contains("headcount-audience", "headcount-pipeline-health");
    }

    @Test
    void theStackCountsTheSampleGatewaysVisitors() throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(6).toNanos();
        String totals = "";
        while (System.nanoTime() < deadline) {
            totals = get("aggregation", 8090, "/api/v1/totals?site=store-1");
            if (totals.matches("(?s).*\"visitors\"\\s*:\\s*[1-9].*")) {
                return;
            }
            Thread.sleep(5_000);
        }
        throw new AssertionError("No visitors counted within 6 minutes; last answer: " + totals);
    }

    @Test
    void prometheusScrapesEveryService() throws Exception {
        String targets = get("prometheus", 9090, "/api/v1/targets?state=active");
        assertThat(targets)
                .contains("\"job\":\"gateway\"", "\"job\":\"flink\"", "\"job\":\"aggregation\"");
    }

    @Test
    void prometheusLoadedEveryAlertingRule() throws Exception {
        String rules = get("prometheus", 9090, "/api/v1/rules?type=alert");
        for (AlertRules.Rule rule :
                AlertRules.load(ProjectFiles.prometheus("alerts.yml")).rules()) {
            assertThat(rules).contains("\"name\":\"" + rule.alert() + "\"");
        }
        assertThat(rules).doesNotContain("\"health\":\"err\"");
    }

    private String get(String service, int port, String path) throws Exception {
        URI uri =
                URI.create(
                        "http://"
                                + STACK.getServiceHost(service, port)
                                + ":"
                                + STACK.getServicePort(service, port)
                                + path);
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s", uri).isEqualTo(200);
        return response.body();
    }
}
