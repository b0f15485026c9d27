package io.headcount.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReportTypesTest {

    @Test
    void percentilesAreNearestRank() {
        Samples samples = new Samples();
        for (int i = 100; i >= 1; i--) {
            samples.add(i);
        }
        assertThat(samples.count()).isEqualTo(100);
        assertThat(samples.percentile(0.5)).isEqualTo(50);
        assertThat(samples.percentile(0.99)).isEqualTo(99);
        assertThat(samples.percentile(1.0)).isEqualTo(100);
        assertThat(samples.percentile(0.0)).isEqualTo(1);
        assertThat(samples.mean()).isEqualTo(50.5);
        assertThat(samples.get(0)).isEqualTo(100);
        assertThat(new Samples().percentile(0.5)).isNaN();
    }

    @Test
    void jsonWritesNullForMissingNumbersAndEscapesText() {
        JsonReport report =
                new JsonReport()
                        .put("fps", 12.34567)
                        .put("none", Double.NaN)
                        .put("count", 3)
                        .put("text", "a \"quoted\"\nline")
                        .put("list", java.util.List.of(1.23456, Double.NaN, 7))
                        .put("nested", new JsonReport().put("x", 1.5).put("y", null));
        assertThat(report.toString())
                .isEqualTo(
                        "{\n"
                                + "  \"fps\": 12.346,\n"
                                + "  \"none\": null,\n"
                                + "  \"count\": 3,\n"
                                + "  \"text\": \"a \\\"quoted\\\"\\nline\",\n"
                                + "  \"list\": [1.235, null, 7],\n"
                                + "  \"nested\": {\n"
                                + "    \"x\": 1.5,\n"
                                + "    \"y\": null\n"
                                + "  }\n"
                                + "}\n");
    }

    @Test
    void throughputCountsTheFacesTheHeadsRanOnPerFrame() {
        EndToEndRun.Throughput first = new EndToEndRun.Throughput(100, 280, 70, 2.0);
        EndToEndRun.Throughput both = first.plus(new EndToEndRun.Throughput(50, 150, 20, 1.0));

        assertThat(first.facesDescribedPerFrame()).isEqualTo(0.7);
        assertThat(both.frames()).isEqualTo(150);
        assertThat(both.facesDescribedPerFrame()).isEqualTo(0.6);
        assertThat(both.framesPerSecond()).isEqualTo(50.0);
        assertThat(new EndToEndRun.Throughput(0, 0, 0, 0).facesDescribedPerFrame()).isZero();
    }

    @Test
    void memoryIsReadFromTheProcess() {
        assertThat(MemorySampler.supported()).isTrue();
        assertThat(MemorySampler.peakResidentMb()).isGreaterThan(10);
        assertThat(MemorySampler.peak(new double[] {1, 5, 3, 9}, 0, 2)).isEqualTo(5);
        assertThat(MemorySampler.peak(new double[] {1, 5, 3, 9}, 2, 4)).isEqualTo(9);
        assertThat(MemorySampler.peak(new double[0], 0, 0)).isNaN();
    }
}
