package io.headcount.vision.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.testkit.SharedAssets;
import io.headcount.vision.detect.YuNetModel;
import io.headcount.vision.settings.FaceAnalysisOptions;
import io.headcount.vision.settings.ModelOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code headcount eval}'s core on a small manifest of real rows: UTKFace adults and labelled
 * masked faces.
 */
class EvaluationTest {

    @Test
    @SuppressWarnings("unchecked")
    void scoresDetectionSexAgeAndMaskPerMaskedSubset(@TempDir Path folder) throws Exception {
        Path data = SharedAssets.data("faces-sex").getParent();
        Path models = SharedAssets.model(YuNetModel.SPEC.fileName()).getParent();
        List<String> lines = new ArrayList<>();
        List<String> utk =
                Files.readAllLines(data.resolve("faces-sex/utkface_crop_part1/manifest.csv"));
        lines.add(utk.get(0));
        List<String> adults =
                utk.stream().skip(1).filter(l -> Integer.parseInt(l.split(",")[2]) >= 20).toList();
        for (int i = 0; i < 16; i++) {
            lines.add(adults.get(i * adults.size() / 16));
        }
        List<String> masked =
                Files.readAllLines(
                        data.resolve("masked-real/chandrikadeb7_with_mask/manifest.csv"));
        masked.stream()
                .filter(
                        l ->
                                l.contains("/crop_")
                                        && (l.contains(",male,") || l.contains(",female,")))
                .limit(4)
                .forEach(lines::add);
        Path manifest = folder.resolve("manifest.csv");
        Files.write(manifest, lines);
        FaceAnalysisOptions options =
                FaceAnalysisOptions.fromMap(Map.of(ModelOptions.MODELS_DIR, models.toString()));
        List<String> progress = new ArrayList<>();

        Map<String, Object> report;
        try (Evaluation evaluation =
                Evaluation.open(
                        options.detector(), options.attributes(), Evaluation.DEFAULT_PADDING)) {
            report = evaluation.run(manifest, data, progress::add);
        }

        assertThat(report.get("images")).isEqualTo(20);
        int withFace = (Integer) report.get("images_with_face");
        assertThat(withFace).isGreaterThanOrEqualTo(18);
        assertThat((Double) report.get("detection_rate")).isEqualTo(withFace / 20.0);
        assertThat(report.get("padding")).isEqualTo(0.5);
        assertThat(progress).isNotEmpty().last().asString().contains("20/20");

        Map<String, Object> sex = (Map<String, Object>) report.get("sex");
        assertThat(sex.get("labelled")).isEqualTo(20);
        List<Map<String, Object>> thresholds = (List<Map<String, Object>>) sex.get("by_threshold");
        assertThat(thresholds)
                .extracting(t -> t.get("threshold"))
                .containsExactly(0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99);
        for (int i = 1; i < thresholds.size(); i++) {
            assertThat((Double) thresholds.get(i).get("coverage"))
                    .isLessThanOrEqualTo((Double) thresholds.get(i - 1).get("coverage"));
        }
        Map<String, Object> byMasked = (Map<String, Object>) sex.get("by_masked");
        Map<String, Object> unmaskedSex = (Map<String, Object>) byMasked.get("no");
        assertThat(unmaskedSex.get("labelled")).isEqualTo(16);
        assertThat((Double) unmaskedSex.get("accuracy"))
                .as("the default set's sex on UTKFace adults")
                .isGreaterThanOrEqualTo(0.85);
        assertThat(((Map<String, Object>) byMasked.get("yes")).get("labelled")).isEqualTo(4);
        // Sex is scored per true class too, with the means of the two classes.
        assertThat((Map<String, Object>) sex.get("by_class")).containsOnlyKeys("female", "male");
        assertThat(thresholds.get(2)).containsKeys("balanced_accuracy", "balanced_coverage");
        // UTKFace rows carry age groups and races; the masked crops have neither.
        Map<String, Object> byAge = (Map<String, Object>) sex.get("by_age_group");
        assertThat(byAge.values())
                .extracting(group -> ((Map<String, Object>) group).get("labelled"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.list(Integer.class))
                .satisfies(
                        counts -> assertThat(counts.stream().mapToInt(c -> c).sum()).isEqualTo(16));
        assertThat(byAge).doesNotContainKey("0-12");
        assertThat((Map<String, Object>) sex.get("by_race")).isNotEmpty();

        String html = EvalChart.html(report);
        assertThat(html)
                .startsWith("<!DOCTYPE html>")
                .contains("<svg", "<polyline", "unmasked", "real masked", "accuracy @ coverage")
                .doesNotContain("<script", "http://", "https://");

        Map<String, Object> mask = (Map<String, Object>) report.get("mask");
        assertThat(mask.get("labelled")).isEqualTo(20);
        assertThat((Double) mask.get("accuracy")).isGreaterThanOrEqualTo(0.8);
        Map<String, Object> ageExact = (Map<String, Object>) report.get("age_group");
        Map<String, Object> ageNear = (Map<String, Object>) report.get("age_group_within_one");
        assertThat(ageExact.get("labelled")).isEqualTo(16);
        assertThat(ageNear.get("labelled")).isEqualTo(16);
        assertThat(ageNear.get("coverage")).isEqualTo(ageExact.get("coverage"));
        assertThat((Double) ageNear.get("accuracy"))
                .isGreaterThanOrEqualTo((Double) ageExact.get("accuracy"));

        assertThat((Map<String, Object>) report.get("model_ms_per_call"))
                .containsOnlyKeys("detector", "sex-age", "sex", "expression", "mask");

        String json = Evaluation.toJson(report);
        assertThat(json)
                .contains(
                        "\"detection_rate\": ",
                        "\"by_threshold\": [",
                        "\"coverage\": ",
                        "\"model_set\": \"default-2026.12.3\"");
    }
}
