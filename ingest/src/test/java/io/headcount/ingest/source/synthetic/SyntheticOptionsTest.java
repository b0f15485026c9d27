package io.headcount.ingest.source.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SyntheticOptionsTest {

    private static final SyntheticOptions DEFAULTS =
            SyntheticOptions.of(Path.of("manifest.csv"), Instant.parse("2026-03-02T10:00:00Z"));

    @Test
    void eachWitherChangesItsOwnFieldsAndKeepsTheRest() {
        SyntheticOptions changed =
                DEFAULTS.withSize(640, 120)
                        .withFrames(25, 50)
                        .withSeed(7)
                        .withFaceRoot(Path.of("faces"))
                        .withMaskedFaces(Path.of("masked.csv"))
                        .withBackground(SyntheticOptions.PLAIN)
                        .withMasks(Path.of("masks"), 0.5)
                        .withJpegQuality(0.5f)
                        .withGroundTruth(Path.of("truth.jsonl"))
                        .withStart(Instant.EPOCH)
                        .withPeople(2, 0.1, 20, 40);

        assertThat(changed)
                .isEqualTo(
                        new SyntheticOptions(
                                Path.of("manifest.csv"),
                                Path.of("faces"),
                                Path.of("masks"),
                                Path.of("masked.csv"),
                                640,
                                120,
                                25,
                                50,
                                Instant.EPOCH,
                                2,
                                0.1,
                                20,
                                40,
                                0.5,
                                SyntheticOptions.PLAIN,
                                7,
                                0.5f,
                                Path.of("truth.jsonl"),
                                SyntheticOptions.SIMPLE));
    }

    @Test
    void aSmallerFrameShrinksTheFacesToFitAndAWitherIsCheckedLikeTheConstructor() {
        SyntheticOptions small = DEFAULTS.withSize(100, 64);

        assertThat(small.minFace()).isEqualTo(64);
        assertThat(small.maxFace()).isEqualTo(64);
        assertThat(small.density()).isEqualTo(DEFAULTS.density());
        assertThatThrownBy(() -> DEFAULTS.withMasks(null, 0.3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maskTemplates");
    }
}
