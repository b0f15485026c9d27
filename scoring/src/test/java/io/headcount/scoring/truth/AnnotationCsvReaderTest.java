package io.headcount.scoring.truth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnnotationCsvReaderTest {

    private static final Instant START = Instant.parse("2026-11-27T10:00:00Z");

    private static final String PERSONS =
            """
            # entrance camera, annotated by hand
            person,enter,leave,sex,age_group,masked,notes
            anna,12.0,19.5,female,30-39,yes,"glasses, red coat"
            bob,2026-11-27T10:00:14.250Z,2026-11-27T10:00:30Z,M,,no,
            kid,40,41.2,unknown,3-12,,""
            """;

    private static final String BOXES =
            """
            person,time,x,y,width,height
            anna,12.0,410,220,96,110
            anna,12.4,430,221,96,110
            bob,14.25,100,200,60,70
            """;

    private static GroundTruth read(String persons, String boxes, Instant start) throws Exception {
        return AnnotationCsvReader.read(
                new StringReader(persons),
                "persons.csv",
                boxes == null ? null : new StringReader(boxes),
                "boxes.csv",
                "cam-door",
                start);
    }

    @Test
    void aShiftedTruthMovesEveryTimeAndKeepsTheRest() throws Exception {
        GroundTruth truth = read(PERSONS, BOXES, START);

        GroundTruth moved = truth.shiftedBy(java.time.Duration.ofDays(3));

        TruthPerson anna = moved.persons().get(0);
        assertThat(anna.enter()).isEqualTo(Instant.parse("2026-11-30T10:00:12Z"));
        assertThat(anna.leave()).isEqualTo(Instant.parse("2026-11-30T10:00:19.500Z"));
        assertThat(anna.boxes())
                .extracting(TimedBox::time)
                .containsExactly(
                        Instant.parse("2026-11-30T10:00:12Z"),
                        Instant.parse("2026-11-30T10:00:12.400Z"));
        assertThat(anna.boxes().get(0).box()).isEqualTo(new Rect(410, 220, 96, 110));
        assertThat(moved.annotatedFrames())
                .containsExactlyElementsOf(
                        truth.annotatedFrames().stream()
                                .map(time -> time.plus(java.time.Duration.ofDays(3)))
                                .toList());
        assertThat(moved.persons())
                .extracting(TruthPerson::sex)
                .containsExactlyElementsOf(truth.persons().stream().map(TruthPerson::sex).toList());
        assertThat(moved.camera()).isEqualTo("cam-door");
    }

    @Test
    void readsPersonsAndBoxesInSecondsOrInstants() throws Exception {
        GroundTruth truth = read(PERSONS, BOXES, START);

        assertThat(truth.persons())
                .extracting(TruthPerson::id)
                .containsExactly("anna", "bob", "kid");
        TruthPerson anna = truth.persons().get(0);
        assertThat(anna.enter()).isEqualTo(Instant.parse("2026-11-27T10:00:12Z"));
        assertThat(anna.leave()).isEqualTo(Instant.parse("2026-11-27T10:00:19.500Z"));
        assertThat(anna.sex()).isEqualTo("female");
        assertThat(anna.ageGroup()).isEqualTo("30-39");
        assertThat(anna.masked()).isTrue();
        assertThat(anna.boxes())
                .containsExactly(
                        new TimedBox(
                                Instant.parse("2026-11-27T10:00:12Z"), new Rect(410, 220, 96, 110)),
                        new TimedBox(
                                Instant.parse("2026-11-27T10:00:12.400Z"),
                                new Rect(430, 221, 96, 110)));
        TruthPerson bob = truth.persons().get(1);
        assertThat(bob.enter()).isEqualTo(Instant.parse("2026-11-27T10:00:14.250Z"));
        assertThat(bob.sex()).isEqualTo("male");
        assertThat(bob.ageGroup()).isNull();
        assertThat(bob.masked()).isFalse();
        assertThat(bob.boxes()).hasSize(1);
        TruthPerson kid = truth.persons().get(2);
        assertThat(kid.sex()).isNull();
        assertThat(kid.ageGroup()).isEqualTo("0-12");
        assertThat(kid.masked()).isNull();
        assertThat(kid.boxes()).isEmpty();
        assertThat(truth.annotatedFrames()).hasSize(3);
        assertThat(truth.hasBoxes()).isTrue();
    }

    @Test
    void personsAloneNeedNoBoxes(@TempDir Path folder) throws Exception {
        Path persons = folder.resolve("persons.csv");
        Files.writeString(
                persons,
                "\uFEFFPerson,Enter,Leave\np1,2026-11-27T10:00:00Z,2026-11-27T10:00:05Z\n");

        GroundTruth truth = AnnotationCsvReader.read(persons, null, "cam", null);

        assertThat(truth.persons()).hasSize(1);
        assertThat(truth.persons().get(0).sex()).isNull();
        assertThat(truth.hasBoxes()).isFalse();
    }

    @Test
    void maskTypeIsOptionalAndOnlyForMaskedPersons() throws Exception {
        assertThat(read(PERSONS, null, START).persons())
                .extracting(TruthPerson::maskType)
                .containsOnlyNulls();
        String typed =
                """
                person,enter,leave,sex,age_group,masked,mask_type
                anna,12.0,19.5,female,30-39,yes, N95
                bob,14.0,20.0,male,,no,
                """;
        GroundTruth truth = read(typed, BOXES, START);
        assertThat(truth.persons()).extracting(TruthPerson::maskType).containsExactly("n95", null);
        // Kept through the boxes.
        assertThat(truth.persons().get(0).boxes()).hasSize(2);
        assertThatThrownBy(() -> read(typed.replace("no,", "no,cloth"), null, START))
                .isInstanceOf(GroundTruthFormatException.class)
                .hasMessage(
                        "persons.csv line 3: column 'mask_type': is \"cloth\" but the person is"
                                + " not masked=yes");
    }

    @Test
    void badPersonRowsNameFileLineAndColumn() {
        assertThatThrownBy(() -> read("person,enter\n", null, START))
                .isInstanceOf(GroundTruthFormatException.class)
                .hasMessageStartingWith("persons.csv line 1: the header lacks column 'leave'");
        assertThatThrownBy(() -> read(PERSONS.replace("M,,no", "x,,no"), null, START))
                .hasMessageStartingWith("persons.csv line 4: column 'sex': sex must be");
        assertThatThrownBy(() -> read(PERSONS.replace("30-39", "30-40"), null, START))
                .hasMessageStartingWith(
                        "persons.csv line 3: column 'age_group': age group must be");
        assertThatThrownBy(() -> read(PERSONS.replace(",yes,", ",perhaps,"), null, START))
                .hasMessageStartingWith("persons.csv line 3: column 'masked'");
        assertThatThrownBy(() -> read(PERSONS.replace("12.0,19.5", "19.5,12.0"), null, START))
                .hasMessageStartingWith("persons.csv line 3: column 'leave': leave");
        assertThatThrownBy(() -> read(PERSONS.replace("40,41.2", "4O,41.2"), null, START))
                .hasMessageStartingWith("persons.csv line 5: column 'enter': expected seconds");
        assertThatThrownBy(() -> read(PERSONS, null, null))
                .hasMessageStartingWith("persons.csv line 3: column 'enter': \"12.0\" is relative");
        assertThatThrownBy(() -> read(PERSONS.replace("kid,40", "anna,40"), null, START))
                .hasMessage("persons.csv line 5: column 'person': person anna is listed twice");
        assertThatThrownBy(() -> read(PERSONS.replace(",no,\n", ",no\n"), null, START))
                .hasMessage("persons.csv line 4: expected 7 fields as in the header, got 6");
        assertThatThrownBy(() -> read(PERSONS.replace("red coat\"", "red coat"), null, START))
                .hasMessage("persons.csv line 3: a quote is not closed");
        assertThatThrownBy(() -> read("# nothing\n", null, START))
                .hasMessageStartingWith("persons.csv: empty file");
    }

    @Test
    void badBoxRowsNameFileLineAndColumn() {
        assertThatThrownBy(() -> read(PERSONS, BOXES.replace("bob,14.25", "eve,14.25"), START))
                .hasMessage("boxes.csv line 4: column 'person': person eve is not in persons.csv");
        assertThatThrownBy(() -> read(PERSONS, BOXES.replace("anna,12.4", "anna,20.4"), START))
                .hasMessageStartingWith("boxes.csv line 3: column 'time': person anna is in view");
        assertThatThrownBy(
                        () -> read(PERSONS, BOXES.replace(",96,110\nanna", ",0,110\nanna"), START))
                .hasMessage("boxes.csv line 2: width and height must be positive");
        assertThatThrownBy(() -> read(PERSONS, BOXES.replace("410", "4l0"), START))
                .hasMessage("boxes.csv line 2: column 'x': expected a number, got \"4l0\"");
        assertThatThrownBy(
                        () ->
                                read(
                                        PERSONS,
                                        BOXES.replace("2026", "x").replace("12.4,", "T12,"),
                                        START))
                .hasMessageStartingWith(
                        "boxes.csv line 3: column 'time': expected an ISO-8601 instant");
    }
}
