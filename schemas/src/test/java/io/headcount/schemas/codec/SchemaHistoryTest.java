package io.headcount.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.schemas.AudienceStats;
import io.headcount.schemas.DeadLetter;
import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.FrameEvent;
import io.headcount.schemas.FrameProcessed;
import io.headcount.schemas.TrackSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Guards the contract evolution rules: every released version of a contract stays readable by every
 * other (backward and forward), and the generated classes are the newest release.
 */
class SchemaHistoryTest {

    static Stream<Class<?>> contracts() {
        return Stream.of(
                FrameEvent.class,
                FaceObservation.class,
                TrackSummary.class,
                AudienceStats.class,
                DeadLetter.class,
                FrameProcessed.class);
    }

    @ParameterizedTest
    @MethodSource("contracts")
    void generatedClassIsTheNewestReleasedVersion(Class<?> contract) {
        Schema generated = SpecificData.get().getSchema(contract);
        List<Schema> released = SchemaHistory.versionsOf(generated.getName());

        assertThat(SchemaNormalization.parsingFingerprint64(generated))
                .as(
                        "%s: the avro-maven-plugin include must name the newest schema-history version",
                        contract.getSimpleName())
                .isEqualTo(
                        SchemaNormalization.parsingFingerprint64(
                                released.get(released.size() - 1)));
    }

    @ParameterizedTest
    @MethodSource("contracts")
    void everyReleasedVersionIsBackwardAndForwardCompatibleWithEveryEarlierOne(Class<?> contract) {
        List<Schema> released = SchemaHistory.versionsOf(contract.getSimpleName());

        assertThat(incompatibilities(released)).isEmpty();
    }

    @Test
    void theCheckCatchesARequiredFieldAddedWithoutDefault() {
        Schema v1 = SchemaHistory.versionsOf("FrameEvent").get(0);
        Schema v2 = withExtraField(v1, "{\"name\": \"exposure\", \"type\": \"float\"}");

        assertThat(incompatibilities(List.of(v1, v2)))
                .singleElement()
                .asString()
                .contains("v2 cannot read v1");
    }

    @Test
    void theCheckAcceptsAnOptionalFieldWithDefault() {
        Schema v1 = SchemaHistory.versionsOf("FrameEvent").get(0);
        Schema v2 =
                withExtraField(
                        v1,
                        "{\"name\": \"exposure\", \"type\": [\"null\", \"float\"], \"default\": null}");

        assertThat(incompatibilities(List.of(v1, v2))).isEmpty();
    }

    /** Every ordered pair of versions that cannot read the other's data, described. */
    private static List<String> incompatibilities(List<Schema> versions) {
        List<String> problems = new ArrayList<>();
        for (int newer = 1; newer < versions.size(); newer++) {
            for (int older = 0; older < newer; older++) {
                check(
                        versions.get(newer),
                        versions.get(older),
                        "v" + (newer + 1),
                        "v" + (older + 1),
                        problems);
                check(
                        versions.get(older),
                        versions.get(newer),
                        "v" + (older + 1),
                        "v" + (newer + 1),
                        problems);
            }
        }
        return problems;
    }

    private static void check(
            Schema reader,
            Schema writer,
            String readerName,
            String writerName,
            List<String> problems) {
        var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
            problems.add(
                    readerName
                            + " cannot read "
                            + writerName
                            + ": "
                            + result.getResult().getIncompatibilities());
        }
    }

    private static Schema withExtraField(Schema schema, String fieldJson) {
        String json = schema.toString();
        String extended = json.substring(0, json.lastIndexOf(']')) + "," + fieldJson + "]}";
        return new Schema.Parser().parse(extended);
    }
}
