package io.headcount.vision.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestCsvTest {

    @Test
    void readsQuotedFieldsWithCommasAndQuotesAndBlankCells(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("manifest.csv");
        Files.writeString(
                file,
                "file,sex,age,label_source\r\n"
                        + "a.jpg,female,31,\"name; sex by eye, see \"\"DATA.md\"\"\"\r\n"
                        + "b.jpg,,,plain\n");

        List<Map<String, String>> rows = ManifestCsv.read(file);

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0))
                .containsEntry("label_source", "name; sex by eye, see \"DATA.md\"")
                .containsEntry("age", "31");
        assertThat(rows.get(1)).containsEntry("sex", "").containsEntry("label_source", "plain");
    }

    @Test
    void mapsTheDataAgeGroupsToTheProductOnes() {
        assertThat(Evaluation.truthAgeGroup(Map.of("age_group", "0-2"))).isEqualTo("0-12");
        assertThat(Evaluation.truthAgeGroup(Map.of("age_group", "3-12"))).isEqualTo("0-12");
        assertThat(Evaluation.truthAgeGroup(Map.of("age_group", "60+"))).isEqualTo("60+");
        assertThat(Evaluation.truthAgeGroup(Map.of("age_group", ""))).isNull();
    }
}
