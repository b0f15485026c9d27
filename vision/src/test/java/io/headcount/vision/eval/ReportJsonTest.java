package io.headcount.vision.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportJsonTest {

    @Test
    void reportsAreIndentedWithFourDecimalsAndNullForMissingNumbers() {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("manifest", "a \"quoted\"\nname");
        report.put("images", 600);
        report.put("rate", 0.123456);
        report.put("none", Double.NaN);
        report.put("heads", List.of("sex-age", "mask"));
        report.put("empty", List.of());
        report.put("rows", Arrays.asList(Map.of("threshold", 0.5), Map.of(), null));

        assertThat(ReportJson.write(report))
                .isEqualTo(
                        """
                        {
                          "manifest": "a \\"quoted\\"\\nname",
                          "images": 600,
                          "rate": 0.1235,
                          "none": null,
                          "heads": [
                            "sex-age",
                            "mask"
                          ],
                          "empty": [],
                          "rows": [
                            {
                              "threshold": 0.5000
                            },
                            {},
                            null
                          ]
                        }
                        """);
    }
}
