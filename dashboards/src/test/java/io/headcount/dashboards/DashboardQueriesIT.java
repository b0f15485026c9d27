package io.headcount.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.app.Headcount;
import io.headcount.inference.InferenceJob;
import io.headcount.inference.settings.CheckpointOptions;
import io.headcount.inference.settings.JobOptions;
import io.headcount.inference.settings.KafkaOptions;
import io.headcount.schemas.topics.Topics;
import io.headcount.testkit.KafkaBrokerExtension;
import io.headcount.testkit.PostgresExtension;
import io.headcount.testkit.SharedAssets;
import io.headcount.vision.settings.ModelOptions;
import java.io.IOException;
import java.io.Reader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The deployment of docker-compose without Docker: the same services started from the same settings
 * files ({@code deploy/compose}), in this JVM, on a real broker and a real PostgreSQL — {@code
 * headcount gateway} with {@code /metrics}, the inference job on a Flink mini-cluster with Flink's
 * Prometheus reporter, {@code headcount aggregate} with its REST API, {@code /metrics} and the
 * stats store writer. Then every query of the Audience dashboard runs against the filled database
 * and must return rows, and every metric the Pipeline-health dashboard reads must be in some
 * service's {@code /metrics}; so must every alerting rule of {@code
 * dashboards/prometheus/alerts.yml}, labels included.
 */
class DashboardQueriesIT {

    private static final Duration WINDOW = Duration.ofSeconds(10);
    private static final String FINITE_CAMERA = "cam-finite";
    private static final int FINITE_FRAMES = 160;
    private static final double FPS = 4;

    private static final byte[] BAD_KEY = "store-it/cam-broken".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BAD_RECORD = "not an avro record".getBytes(StandardCharsets.UTF_8);

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.withTopics(Topics.all());

    @RegisterExtension static final PostgresExtension POSTGRES = PostgresExtension.create();

    @TempDir static Path state;

    private static JobClient inference;
    private static Thread aggregate;
    private static Thread gateway;
    private static final Map<String, String> scrapes = new LinkedHashMap<>();

    @BeforeAll
    static void runTheDeployment() throws Exception {
        SharedAssets.model("det_yunet_n_dynamic.onnx");
        SharedAssets.data("faces-sex");
        int flinkMetricsPort = freePort();
        int aggregationPort = freePortOutside(flinkMetricsPort);
        int gatewayMetricsPort = freePortOutside(flinkMetricsPort);

        Configuration flink = new Configuration();
        flink.setString(
                "metrics.reporter.prom.factory.class",
                "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        // The mini-cluster's job manager and task manager each take one port of the range.
        flink.setString(
                "metrics.reporter.prom.port", flinkMetricsPort + "-" + (flinkMetricsPort + 3));
        Map<String, String> inferenceSettings =
                load(ProjectFiles.composeConfig("inference.properties"));
        inferenceSettings.put(KafkaOptions.BOOTSTRAP_SERVERS, KAFKA.bootstrapServers());
        inferenceSettings.remove(ModelOptions.MODELS_DIR);
        inferenceSettings.put(CheckpointOptions.CHECKPOINT_INTERVAL_MS, "1000");
        inferenceSettings.put(CheckpointOptions.RESTART_ATTEMPTS, "0");
        inference =
                InferenceJob.runOn(
                        StreamExecutionEnvironment.createLocalEnvironment(flink),
                        JobOptions.fromMap(inferenceSettings));

        aggregate =
                command(
                        "aggregate",
                        "--config",
                        ProjectFiles.composeConfig("aggregation.properties").toString(),
                        "--set",
                        "bootstrap.servers=" + KAFKA.bootstrapServers(),
                        "--set",
                        "state.dir=" + state.resolve("aggregation"),
                        "--set",
                        "headcount.aggregation.http.port=" + aggregationPort,
                        "--set",
                        "headcount.aggregation.http.host=127.0.0.1",
                        "--set",
                        "headcount.aggregation.http.advertised.host=127.0.0.1",
                        "--set",
                        "headcount.aggregation.window.size.ms=" + WINDOW.toMillis(),
                        "--set",
                        "headcount.aggregation.window.grace.ms=5000",
                        "--set",
                        "headcount.aggregation.suppression.min.count=2",
                        "--set",
                        "headcount.store.jdbc.url=" + POSTGRES.jdbcUrl(),
                        "--set",
                        "headcount.store.jdbc.user=" + POSTGRES.user(),
                        "--set",
                        "headcount.store.jdbc.password=" + PostgresExtension.PASSWORD);
        gateway =
                command(
                        "gateway",
                        "--config",
                        Path.of(DashboardQueriesIT.class.getResource("/gateway-it.yaml").toURI())
                                .toString(),
                        "--bootstrap-servers",
                        KAFKA.bootstrapServers(),
                        "--metrics-port",
                        Integer.toString(gatewayMetricsPort));

        // One undecodable record for each of the two jobs, so their dead-letter counters exist.
        KAFKA.produceBytes(Topics.FRAMES.name(), BAD_KEY, BAD_RECORD);
        KAFKA.produceBytes(Topics.FACE_OBSERVATIONS.name(), BAD_KEY, BAD_RECORD);

        awaitFiniteCameraStored(Duration.ofMinutes(4));

        scrapes.put("gateway", scrape(gatewayMetricsPort));
        scrapes.put("aggregation", scrape(aggregationPort));
        for (int port = flinkMetricsPort; port <= flinkMetricsPort + 3; port++) {
            try {
                scrapes.put("flink:" + port, scrape(port));
            } catch (IOException nobodyThere) {
                // fewer reporters than ports in the range
            }
        }
        // Kept with the build's reports: what each service exposed, for whoever edits a panel.
        Path reports = Files.createDirectories(Path.of("target", "metrics"));
        for (Map.Entry<String, String> scrape : scrapes.entrySet()) {
            Files.writeString(
                    reports.resolve(scrape.getKey().replace(':', '-') + ".txt"), scrape.getValue());
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (Thread service : new Thread[] {gateway, aggregate}) {
            if (service != null) {
                service.interrupt();
                service.join(Duration.ofSeconds(60).toMillis());
            }
        }
        if (inference != null) {
            inference.cancel().get();
        }
    }

    @Test
    void everyAudienceQueryReturnsRows() throws Exception {
        GrafanaDashboard audience = GrafanaDashboard.load(ProjectFiles.dashboard("audience.json"));
        Instant from = Instant.now().minus(Duration.ofHours(1));
        Instant to = Instant.now().plus(Duration.ofHours(1));
        SoftAssertions softly = new SoftAssertions();
        try (Connection db = POSTGRES.dataSource().getConnection()) {
            Map<String, List<String>> variables = new HashMap<>();
            for (GrafanaDashboard.Variable variable : audience.variables()) {
                List<List<String>> rows =
                        rows(db, GrafanaSql.expand(variable.query(), from, to, variables));
                softly.assertThat(rows).as("variable $%s", variable.name()).isNotEmpty();
                List<String> values = rows.stream().map(row -> row.get(0)).toList();
                variables.put(variable.name(), variable.multi() ? values : values.subList(0, 1));
            }
            assertThat(variables.get("camera")).contains(FINITE_CAMERA, "cam-live");
            for (GrafanaDashboard.Query query : audience.queries()) {
                if (query.datasourceUid().equals("headcount-prometheus")) {
                    continue; // checked against the services' /metrics below
                }
                List<List<String>> rows =
                        rows(db, GrafanaSql.expand(query.text(), from, to, variables));
                softly.assertThat(rows).as("panel '%s'", query.panel()).isNotEmpty();
                softly.assertThat(rows)
                        .as("panel '%s' has a value", query.panel())
                        .anySatisfy(row -> assertThat(row).anyMatch(cell -> cell != null));
            }
        }
        softly.assertAll();
    }

    @Test
    void suppressedCellsReadSuppressedAndNeverShowACountBelowK() throws Exception {
        GrafanaDashboard audience = GrafanaDashboard.load(ProjectFiles.dashboard("audience.json"));
        GrafanaDashboard.Query cells =
                audience.queries().stream()
                        .filter(query -> query.panel().equals("Breakdown cells"))
                        .findFirst()
                        .orElseThrow();
        Map<String, List<String>> everything =
                Map.of(
                        "site", List.of("store-it"),
                        "camera", List.of(FINITE_CAMERA, "cam-live"),
                        "model_set", modelSets());
        try (Connection db = POSTGRES.dataSource().getConnection()) {
            List<List<String>> rows =
                    rows(
                            db,
                            GrafanaSql.expand(
                                    cells.text(),
                                    Instant.now().minus(Duration.ofHours(1)),
                                    Instant.now().plus(Duration.ofHours(1)),
                                    everything));
            List<String> shown = rows.stream().map(row -> row.get(5)).toList();
            assertThat(shown).isNotEmpty();
            assertThat(shown)
                    .allSatisfy(
                            value ->
                                    assertThat(
                                                    value.equals("suppressed")
                                                            || Long.parseLong(value) >= 2)
                                            .as("cell value %s", value)
                                            .isTrue());
        }
    }

    @Test
    void everyPipelineHealthMetricIsExposedByAService() throws Exception {
        GrafanaDashboard health =
                GrafanaDashboard.load(ProjectFiles.dashboard("pipeline-health.json"));
        ExportedMetrics exported = ExportedMetrics.fromScrapes(scrapes.values());
        SoftAssertions softly = new SoftAssertions();
        List<GrafanaDashboard.Query> prometheusQueries =
                new java.util.ArrayList<>(health.queries());
        GrafanaDashboard.load(ProjectFiles.dashboard("audience.json")).queries().stream()
                .filter(query -> query.datasourceUid().equals("headcount-prometheus"))
                .forEach(prometheusQueries::add);
        for (GrafanaDashboard.Query query : prometheusQueries) {
            softly.assertThat(exported.missingFrom(query.text()))
                    .as("what panel '%s' reads", query.panel())
                    .isEmpty();
        }
        softly.assertAll();
    }

    @Test
    void everyAlertRuleReadsOnlyWhatTheServicesExport() throws Exception {
        ExportedMetrics exported = ExportedMetrics.fromScrapes(scrapes.values());
        SoftAssertions softly = new SoftAssertions();
        for (AlertRules.Rule rule :
                AlertRules.load(ProjectFiles.prometheus("alerts.yml")).rules()) {
            softly.assertThat(exported.missingFrom(rule.expr()))
                    .as("what alert %s reads", rule.alert())
                    .isEmpty();
        }
        softly.assertAll();
    }

    /**
     * The aggregation's stream-thread alerts read series that exist on a healthy service, at the
     * values that keep them quiet (a thread really killed: {@code StreamThreadFailureIT}).
     */
    @Test
    void theAggregationExportsItsStreamThreadsHealthyFromTheStart() {
        assertThat(scrapes.get("aggregation"))
                .containsPattern(
                        "headcount_streams_state\\{component=\"aggregation\",state=\"RUNNING\"} 1\\.0")
                .containsPattern(
                        "headcount_streams_state\\{component=\"aggregation\",state=\"ERROR\"} 0\\.0")
                .containsPattern(
                        "headcount_stream_threads_alive\\{component=\"aggregation\"} 1\\.0")
                .containsPattern(
                        "headcount_stream_threads_configured\\{component=\"aggregation\"} 1\\.0")
                .containsPattern(
                        "headcount_stream_thread_failures_total\\{component=\"aggregation\",response=\"REPLACE_THREAD\"} 0\\.0");
    }

    @Test
    void undecodableRecordsAreDeadLetteredByBothJobs() {
        assertThat(
                        KAFKA.consumeBytes(
                                Topics.deadLettersOf(Topics.FRAMES.name()).name(),
                                1,
                                Duration.ofSeconds(30)))
                .hasSize(1);
        assertThat(
                        KAFKA.consumeBytes(
                                Topics.deadLettersOf(Topics.FACE_OBSERVATIONS.name()).name(),
                                1,
                                Duration.ofSeconds(30)))
                .hasSize(1);
    }

    private static List<String> modelSets() throws SQLException {
        try (Connection db = POSTGRES.dataSource().getConnection()) {
            return rows(db, "SELECT DISTINCT model_set FROM audience_window").stream()
                    .map(row -> row.get(0))
                    .toList();
        }
    }

    /** Every window of the finite camera is stored once its end of stream has closed them. */
    private static void awaitFiniteCameraStored(Duration timeout) throws Exception {
        long windows = (long) Math.ceil(FINITE_FRAMES / FPS / WINDOW.toSeconds());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(aggregate.isAlive()).as("the aggregation service runs").isTrue();
            assertThat(inference.getJobStatus().get().isGloballyTerminalState())
                    .as("the inference job has stopped")
                    .isFalse();
            try (Connection db = POSTGRES.dataSource().getConnection()) {
                long stored =
                        Long.parseLong(
                                rows(
                                                db,
                                                "SELECT count(*) FROM audience_window WHERE camera = '"
                                                        + FINITE_CAMERA
                                                        + "'")
                                        .get(0)
                                        .get(0));
                long live =
                        Long.parseLong(
                                rows(
                                                db,
                                                "SELECT count(*) FROM audience_window WHERE camera = 'cam-live'")
                                        .get(0)
                                        .get(0));
                if (stored >= windows && live >= 1) {
                    return;
                }
            } catch (SQLException tablesNotThereYet) {
                // the writer applies the migrations when it starts
            }
            Thread.sleep(500);
        }
        throw new AssertionError(
                "The stats store did not get the " + windows + " windows of " + FINITE_CAMERA);
    }

    private static List<List<String>> rows(Connection db, String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Statement statement = db.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> row = new ArrayList<>();
                for (int column = 1; column <= columns; column++) {
                    row.add(result.getString(column));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static Thread command(String... args) {
        Thread thread =
                new Thread(
                        () -> new CommandLine(new Headcount()).execute(args),
                        "headcount-" + args[0]);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static String scrape(int port) throws IOException, InterruptedException {
        HttpResponse<String> response =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create("http://127.0.0.1:" + port + "/metrics"))
                                        .timeout(Duration.ofSeconds(10))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET /metrics on port %d", port).isEqualTo(200);
        return response.body();
    }

    private static Map<String, String> load(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        Map<String, String> values = new HashMap<>();
        properties
                .stringPropertyNames()
                .forEach(key -> values.put(key, properties.getProperty(key)));
        return values;
    }

    /** A free port that is not one of the four of Flink's reporter range from {@code range}. */
    private static int freePortOutside(int range) throws IOException {
        while (true) {
            int port = freePort();
            if (port < range || port > range + 3) {
                return port;
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
