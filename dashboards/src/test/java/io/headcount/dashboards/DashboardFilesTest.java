package io.headcount.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The dashboard files as Grafana's provisioning reads them; their queries run in the ITs. */
class DashboardFilesTest {

    static Stream<String> dashboards() {
        return Stream.of("audience.json", "pipeline-health.json");
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void everyQueryUsesAProvisionedDatasource(String file) throws Exception {
        GrafanaDashboard dashboard = GrafanaDashboard.load(ProjectFiles.dashboard(file));
        List<String> provisioned = provisionedDatasourceUids();

        assertThat(dashboard.uid()).startsWith("headcount-");
        assertThat(dashboard.queries()).isNotEmpty();
        assertThat(dashboard.queries())
                .allSatisfy(
                        query -> {
                            assertThat(query.datasourceUid()).isIn(provisioned);
                            assertThat(query.text()).as(query.panel()).isNotBlank();
                        });
    }

    @Test
    void theAudienceDashboardReadsOnlyTheSuppressedViews() throws Exception {
        GrafanaDashboard audience = GrafanaDashboard.load(ProjectFiles.dashboard("audience.json"));
        // audience_cell holds what audience-stats carried; only the *_public and roll-up views
        // re-apply k, so a panel reading the cell table directly could show a count below k.
        Pattern tables = Pattern.compile("\\bFROM\\s+([a-z_]+)", Pattern.CASE_INSENSITIVE);
        for (GrafanaDashboard.Query query : audience.queries()) {
            if (query.datasourceUid().equals("headcount-prometheus")) {
                // The one audience metric that is safe to show as is: released totals, never raw.
                assertThat(PromQl.metricNames(query.text()))
                        .as(query.panel())
                        .containsOnly("headcount_audience_released_today");
                continue;
            }
            Matcher table = tables.matcher(query.text());
            assertThat(table.find()).as(query.panel()).isTrue();
            do {
                assertThat(table.group(1))
                        .as("table of panel '%s'", query.panel())
                        .isIn(
                                "audience_window_public",
                                "audience_cell_public",
                                "audience_hourly",
                                "audience_daily",
                                "audience_cell_hourly",
                                "audience_cell_daily");
            } while (table.find());
        }
    }

    @Test
    void grafanaMacrosAndVariablesExpandAsGrafanaDoes() {
        String sql =
                "SELECT 1 FROM t WHERE $__timeFilter(window_start) AND site IN ($site) AND camera IN (${camera})";
        String expanded =
                GrafanaSql.expand(
                        sql,
                        Instant.parse("2026-11-27T10:00:00Z"),
                        Instant.parse("2026-11-27T11:00:00Z"),
                        Map.of("site", List.of("a", "o'b"), "camera", List.of("c")));
        assertThat(expanded)
                .isEqualTo(
                        "SELECT 1 FROM t WHERE window_start BETWEEN '2026-11-27T10:00:00Z'::timestamptz"
                                + " AND '2026-11-27T11:00:00Z'::timestamptz AND site IN ('a','o''b')"
                                + " AND camera IN ('c')");
    }

    @Test
    void promQlMetricNamesLeaveOutFunctionsLabelsAndGrouping() {
        assertThat(
                        PromQl.metricNames(
                                "sum by (camera) (rate(headcount_gateway_frames_sent_total{camera=~\"a|b\"}[1m]))"
                                        + " / max(flink_x{quantile=\"0.5\"}) * 60"))
                .containsExactly("headcount_gateway_frames_sent_total", "flink_x");
    }

    private static List<String> provisionedDatasourceUids() throws Exception {
        Path file =
                ProjectFiles.root()
                        .resolve("dashboards/grafana/provisioning/datasources/datasources.yaml");
        Matcher uid = Pattern.compile("(?m)^\\s*uid:\\s*(\\S+)").matcher(Files.readString(file));
        List<String> uids = new java.util.ArrayList<>();
        while (uid.find()) {
            uids.add(uid.group(1));
        }
        return uids;
    }
}
