package io.headcount.scoring.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.headcount.scoring.Hallway;
import io.headcount.scoring.score.ScoreReport;
import io.headcount.scoring.score.Scorer;
import io.headcount.scoring.score.ScoringOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    private final ScoreReport report =
            new Scorer(ScoringOptions.DEFAULTS).score(Hallway.truth(), Hallway.produced());

    @Test
    void jsonHasTheContractKeysAtTheTop() throws Exception {
        JsonNode json = new ObjectMapper().readTree(JsonReport.toJson(report));

        List<String> keys = new ArrayList<>();
        json.fieldNames().forEachRemaining(keys::add);
        assertThat(keys)
                .contains(
                        "visitors_true",
                        "visitors_counted",
                        "count_error",
                        "visitors_judgeable",
                        "visitors_counted_judgeable",
                        "count_error_judgeable",
                        "fragmentation",
                        "fragmentation_rate",
                        "false_visitors",
                        "missed_visitors",
                        "sex_accuracy_unmasked",
                        "sex_accuracy_masked",
                        "determined_share",
                        "determined_share_13_and_over",
                        "impression_sex_accuracy",
                        "id_switches",
                        "attributes",
                        "windows",
                        "dwell");
        assertThat(json.get("visitors_true").asLong()).isEqualTo(4);
        assertThat(json.get("visitors_counted").asLong()).isEqualTo(5);
        assertThat(json.get("count_error").asDouble()).isEqualTo(0.25);
        assertThat(json.get("attributes").get("age_group").has("undetermined_share_masked"))
                .isTrue();
        // Each accuracy with its 95 % interval around it.
        JsonNode sex = json.get("attributes").get("sex");
        assertThat(sex.get("accuracy_ci95")).hasSize(2);
        assertThat(sex.get("accuracy_ci95").get(0).asDouble())
                .isLessThanOrEqualTo(sex.get("accuracy").asDouble());
        assertThat(sex.get("accuracy_ci95").get(1).asDouble())
                .isGreaterThanOrEqualTo(sex.get("accuracy").asDouble());
        JsonNode firstWindow = json.get("windows").get(0);
        assertThat(firstWindow.get("window_start").asText()).isEqualTo("2026-11-27T10:00:00Z");
        assertThat(firstWindow.get("female_share_abs_error").isNumber()).isTrue();
        // Undefined is null, not 0: a suppressed share has nothing to compare.
        assertThat(firstWindow.get("masked_share_abs_error").isNull()).isTrue();
        // The hallway's windows hold 3 and 1 persons: none is large enough for the largest error.
        JsonNode summary = json.get("window_summary");
        assertThat(summary.get("large_window_min_visitors").asLong()).isEqualTo(20);
        assertThat(summary.get("female_share_max_abs_error").isNull()).isTrue();
    }

    @Test
    void htmlIsSelfContainedWithInlinePlots(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("out/score.html");
        HtmlReport.write(report, file);
        String html = Files.readString(file);

        assertThat(html).startsWith("<!DOCTYPE html>");
        assertThat(html).contains("headcount score — cam-1");
        // Two plots: visitors per window, accuracy per visitor vs per impression.
        assertThat(html.split("<svg ", -1)).hasSize(3);
        assertThat(html).doesNotContain("<script", "<link", " src=", " href=");
        assertThat(html).contains("false visitor", "P4", "suppressed");
        // Each counted visitor's fused age group beside its person's (T2: 30-39, P1: 20-29).
        assertThat(html).contains("<th>true age group</th>", "<td>30-39</td><td>20-29</td>");
        // No mask types in this truth: no table of them.
        assertThat(html).doesNotContain("by mask type");
    }

    @Test
    void maskTypesGetTheirOwnRowsInBothReports() throws Exception {
        ScoreReport typed =
                new Scorer(ScoringOptions.DEFAULTS)
                        .score(Hallway.truthWithMaskTypes(), Hallway.produced());

        JsonNode byType = new ObjectMapper().readTree(JsonReport.toJson(typed)).get("mask_by_type");
        assertThat(byType.get("n95").get("visitors").asLong()).isEqualTo(1);
        assertThat(byType.get("n95").get("correct").asLong()).isEqualTo(1);
        assertThat(byType.get("surgical").get("determined").asLong()).isZero();
        // Type, visitors, called masked, undetermined; and each visitor's line.
        assertThat(HtmlReport.toHtml(typed))
                .contains("by mask type", "<td>n95</td><td>1</td><td>1</td><td>0</td>")
                .contains("<td>surgical</td><td>1</td><td>0</td><td>1</td>")
                .contains("<td>masked</td><td>true</td><td>n95</td>");
    }

    @Test
    void htmlEscapesNames() {
        ScoreReport odd =
                new Scorer(ScoringOptions.DEFAULTS)
                        .score(
                                new io.headcount.scoring.truth.GroundTruth(
                                        "<cam>", List.of(), List.of()),
                                Hallway.produced());

        assertThat(HtmlReport.toHtml(odd)).contains("&lt;cam&gt;").doesNotContain("<cam>");
    }
}
