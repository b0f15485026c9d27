package io.headcount.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

    @Test
    void theAlertRulesAreWellFormed() throws Exception {
        List<AlertRules.Rule> rules =
                AlertRules.load(ProjectFiles.prometheus("alerts.yml")).rules();

        assertThat(rules).isNotEmpty();
        assertThat(rules.stream().map(AlertRules.Rule::alert)).doesNotHaveDuplicates();
        Pattern templateLabel = Pattern.compile("\\$labels\\.([a-zA-Z_][a-zA-Z0-9_]*)");
        for (AlertRules.Rule rule : rules) {
            assertThat(rule.alert()).startsWith("Headcount");
            assertThat(rule.forDuration()).as(rule.alert()).matches("(\\d+(ms|s|m|h|d|w|y))+");
            assertThat(rule.labels()).as(rule.alert()).containsKey("severity");
            assertThat(rule.labels().get("severity")).isIn("warning", "critical");
            assertThat(rule.annotations()).as(rule.alert()).containsKeys("summary", "description");
            assertThat(PromQl.metricNames(rule.expr())).as(rule.alert()).isNotEmpty();
            assertThat(rule.expr().chars().filter(c -> c == '(').count())
                    .as("parentheses of %s", rule.alert())
                    .isEqualTo(rule.expr().chars().filter(c -> c == ')').count());
            // An aggregation keeps only its grouping labels; an annotation naming another prints
            // nothing.
            Set<String> kept = new java.util.HashSet<>(PromQl.groupingLabels(rule.expr()));
            if (kept.isEmpty()
                    && !rule.expr().matches("(?s).*\\b(sum|max|min|avg|count)\\s*\\(.*")) {
                kept.addAll(PromQl.TARGET_LABELS);
                PromQl.selectorLabels(rule.expr()).values().forEach(kept::addAll);
            }
            for (String annotation : rule.annotations().values()) {
                Matcher label = templateLabel.matcher(annotation);
                while (label.find()) {
                    assertThat(kept).as("$labels of %s", rule.alert()).contains(label.group(1));
                }
            }
        }
    }

    @Test
    void aRulesFileOfTheWrongShapeIsRefused(@TempDir Path dir) throws Exception {
        Path noExpr = dir.resolve("no-expr.yml");
        Files.writeString(
                noExpr, "groups:\n  - name: g\n    rules:\n      - alert: A\n        for: 5m\n");
        Path unknownKey = dir.resolve("unknown-key.yml");
        Files.writeString(
                unknownKey,
                "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n        fro: 5m\n");

        assertThatThrownBy(() -> AlertRules.load(noExpr)).hasMessageContaining("expr of A");
        assertThatThrownBy(() -> AlertRules.load(unknownKey))
                .hasMessageContaining("keys of a rule");
    }

    @Test
    void everyAlertIsDocumented() throws Exception {
        String readme = Files.readString(ProjectFiles.root().resolve("dashboards/README.md"));
        for (AlertRules.Rule rule :
                AlertRules.load(ProjectFiles.prometheus("alerts.yml")).rules()) {
            assertThat(readme).as(rule.alert()).contains("`" + rule.alert() + "`");
        }
    }

    @Test
    void promQlLabelsOfSelectorsAndGroupings() {
        String expression =
                "sum by (camera, reason) (increase(x_total{operator_name=\"a,b\", quantile=~\"0.9\"}[5m]))"
                        + " / on (camera) y";
        assertThat(PromQl.selectorLabels(expression))
                .isEqualTo(Map.of("x_total", Set.of("operator_name", "quantile")));
        assertThat(PromQl.groupingLabels(expression)).containsExactly("camera", "reason");
    }

    @Test
    void anExpressionReadingWhatNoServiceExportsIsCaught() {
        ExportedMetrics exported =
                ExportedMetrics.fromScrapes(
                        List.of(
                                "# HELP x_total X\n# TYPE x_total counter\n"
                                        + "x_total{camera=\"c{1}\",reason=\"r\"} 1.0\nplain 2\n"));

        assertThat(exported.metrics()).containsExactly("plain", "x_total");
        assertThat(
                        exported.missingFrom(
                                "sum by (camera) (rate(x_total{reason=\"r\"}[5m])) > plain"))
                .isEmpty();
        assertThat(exported.missingFrom("up == 0 or ALERTS{alertstate=\"firing\"}")).isEmpty();
        assertThat(
                        exported.missingFrom(
                                "sum by (site) (rate(x_total{quantile=\"0.5\"}[5m])) + gone"))
                .containsExactlyInAnyOrder(
                        "metric gone",
                        "label quantile of x_total",
                        "grouping label site on any of [x_total]");
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
