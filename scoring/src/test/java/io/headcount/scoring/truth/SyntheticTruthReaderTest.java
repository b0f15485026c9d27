package io.headcount.scoring.truth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The synthetic camera's ground truth, lines written by hand in GroundTruthWriter's format. */
class SyntheticTruthReaderTest {

    private static final String SAMPLE =
            """
            {"type":"frame","frame":0,"time":"2026-11-27T10:00:00Z","boxes":[]}
            {"type":"frame","frame":1,"time":"2026-11-27T10:00:00.100Z","boxes":[{"person":3,"x":0,"y":96,"width":41,"height":120}]}
            {"type":"frame","frame":2,"time":"2026-11-27T10:00:00.200Z","boxes":[{"person":3,"x":20,"y":96,"width":120,"height":120},{"person":4,"x":500,"y":10,"width":80,"height":80}]}
            {"type":"person","person":3,"sex":"female","age":25,"ageGroup":"20-29","masked":true,"mask":"surgical","face":"faces-sex/utkface_crop_part1/25_1_0_x.jpg","size":120,"enterFrame":1,"leaveFrame":2,"enterTime":"2026-11-27T10:00:00.100Z","leaveTime":"2026-11-27T10:00:00.200Z","left":true}

            {"type":"person","person":4,"sex":"male","age":8,"ageGroup":"3-12","masked":false,"mask":null,"face":"faces-sex/a \\"b\\".jpg","size":80,"enterFrame":2,"leaveFrame":2,"enterTime":"2026-11-27T10:00:00.200Z","leaveTime":"2026-11-27T10:00:00.200Z","left":false}
            """;

    private static GroundTruth read(String text) throws Exception {
        return SyntheticTruthReader.read(new StringReader(text), "truth.jsonl", "cam-synthetic");
    }

    @Test
    void readsPersonsBoxesAndEveryFrame() throws Exception {
        GroundTruth truth = read(SAMPLE);

        assertThat(truth.camera()).isEqualTo("cam-synthetic");
        assertThat(truth.persons()).extracting(TruthPerson::id).containsExactly("3", "4");
        TruthPerson three = truth.persons().get(0);
        assertThat(three.sex()).isEqualTo("female");
        assertThat(three.ageGroup()).isEqualTo("20-29");
        assertThat(three.masked()).isTrue();
        assertThat(three.maskType()).isEqualTo("surgical");
        assertThat(three.enter()).isEqualTo(Instant.parse("2026-11-27T10:00:00.100Z"));
        assertThat(three.leave()).isEqualTo(Instant.parse("2026-11-27T10:00:00.200Z"));
        assertThat(three.boxes())
                .containsExactly(
                        new TimedBox(three.enter(), new Rect(0, 96, 41, 120)),
                        new TimedBox(three.leave(), new Rect(20, 96, 120, 120)));
        TruthPerson four = truth.persons().get(1);
        assertThat(four.sex()).isEqualTo("male");
        // The data sets' 3-12 is the product's 0-12.
        assertThat(four.ageGroup()).isEqualTo("0-12");
        assertThat(four.masked()).isFalse();
        assertThat(four.maskType()).isNull();
        // Frame 0 shows nobody: still an annotated frame.
        assertThat(truth.annotatedFrames()).hasSize(3);
        assertThat(truth.frames().get(0).boxes()).isEmpty();
        assertThat(truth.frames().get(2).boxes())
                .extracting(PersonBox::person)
                .containsExactly("3", "4");
        assertThat(three.boxNear(Instant.parse("2026-11-27T10:00:00.105Z"), Duration.ofMillis(20)))
                .contains(new Rect(0, 96, 41, 120));
    }

    @Test
    void anAgeGroupThatIsNullOrMissingIsUnknown() throws Exception {
        GroundTruth truth =
                read(
                        SAMPLE.replace(
                                        "\"age\":25,\"ageGroup\":\"20-29\"",
                                        "\"age\":null,\"ageGroup\":null")
                                .replace("\"age\":8,\"ageGroup\":\"3-12\",", ""));

        assertThat(truth.persons()).extracting(TruthPerson::ageGroup).containsExactly(null, null);
        assertThat(truth.persons()).extracting(TruthPerson::sex).containsExactly("female", "male");
    }

    @Test
    void aPersonMarkedNeverJudgeableIsReadAsSuchAndOthersAreJudgeable() throws Exception {
        GroundTruth truth =
                read(
                        SAMPLE.replace(
                                "\"left\":true}",
                                "\"left\":true,\"judgeable\":false,\"judgeableFrames\":1,\"poor\":\"turned\"}"));

        assertThat(truth.persons()).extracting(TruthPerson::judgeable).containsExactly(false, true);
        // Moving the truth in time keeps the mark.
        assertThat(truth.shiftedBy(Duration.ofSeconds(5)).persons().get(0).judgeable()).isFalse();
        assertThatThrownBy(
                        () ->
                                read(
                                        SAMPLE.replace(
                                                "\"left\":true}",
                                                "\"left\":true,\"judgeable\":\"no\"}")))
                .isInstanceOf(GroundTruthFormatException.class)
                .hasMessageContaining("line 4")
                .hasMessageContaining("field 'judgeable': expected true or false");
    }

    @Test
    void readsAFile(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("cam.jsonl");
        Files.writeString(file, SAMPLE);

        assertThat(SyntheticTruthReader.read(file, "cam").persons()).hasSize(2);
    }

    @Test
    void namesTheLineOfABadRecord() {
        assertThatThrownBy(
                        () -> read(SAMPLE.replace("\"frame\":1,\"time\"", "\"frame\":1,\"tme\"")))
                .isInstanceOf(GroundTruthFormatException.class)
                .hasMessage("truth.jsonl line 2: field 'time' is missing")
                .extracting(e -> ((GroundTruthFormatException) e).line())
                .isEqualTo(2L);
        assertThatThrownBy(() -> read("{\"type\":\"frame\",\"frame\":0,\n"))
                .hasMessageStartingWith("truth.jsonl line 1: not JSON");
        assertThatThrownBy(() -> read("\n\n{\"type\":\"box\"}"))
                .hasMessage(
                        "truth.jsonl line 3: field 'type': expected \"frame\" or \"person\", got"
                                + " \"box\"");
        assertThatThrownBy(() -> read(SAMPLE.replace("\"masked\":true", "\"masked\":\"yes\"")))
                .hasMessage(
                        "truth.jsonl line 4: field 'masked': expected true or false, got \"yes\"");
        assertThatThrownBy(
                        () ->
                                read(
                                        SAMPLE.replace(
                                                "\"leaveTime\":\"2026-11-27T10:00:00.200Z\",\"left\":true",
                                                "\"leaveTime\":\"soon\",\"left\":true")))
                .hasMessageContaining("line 4: field 'leaveTime': expected an ISO-8601 instant");
        assertThatThrownBy(() -> read(SAMPLE.replace("\"sex\":\"male\"", "\"sex\":\"other\"")))
                .hasMessageStartingWith("truth.jsonl line 6: sex must be");
    }

    @Test
    void boxesWithoutAPersonLineAreATruncatedFile() {
        String truncated = SAMPLE.substring(0, SAMPLE.indexOf("{\"type\":\"person\",\"person\":4"));

        assertThatThrownBy(() -> read(truncated))
                .hasMessageStartingWith("truth.jsonl line 3: person 4 has boxes from this line on");
    }

    @Test
    void aSecondPersonLineIsAnError() {
        String line =
                SAMPLE.lines()
                        .filter(l -> l.contains("\"person\",\"person\":3"))
                        .findFirst()
                        .orElseThrow();

        assertThatThrownBy(() -> read(SAMPLE + line + "\n"))
                .hasMessage("truth.jsonl line 7: person 3 has a second person line");
    }
}
