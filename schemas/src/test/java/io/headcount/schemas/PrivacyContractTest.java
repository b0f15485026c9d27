package io.headcount.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * DESIGN.md section 5: nothing that leaves the inference job can carry pixels, crops, landmarks or
 * embeddings, and every output names the models that produced it. Checked on the contracts
 * themselves, so no producer can add such a field without this test failing.
 */
class PrivacyContractTest {

    /** Contracts written downstream of the inference job. */
    static Stream<Schema> outputContracts() {
        return Stream.of(
                FaceObservation.getClassSchema(),
                FrameProcessed.getClassSchema(),
                TrackSummary.getClassSchema(),
                AudienceStats.getClassSchema());
    }

    @ParameterizedTest
    @MethodSource("outputContracts")
    void outputsHaveNoBinaryOrVectorFieldThatCouldHoldPixelsLandmarksOrEmbeddings(Schema contract) {
        List<String> suspicious = new ArrayList<>();
        visit(contract, contract.getName(), suspicious, new IdentityHashMap<>());

        assertThat(suspicious)
                .as("fields of %s that could carry images or biometric vectors", contract.getName())
                .isEmpty();
    }

    @ParameterizedTest
    @MethodSource("outputContracts")
    void everyOutputNamesItsModelSet(Schema contract) {
        assertThat(contract.getField("modelSet")).as("%s.modelSet", contract.getName()).isNotNull();
    }

    private static void visit(
            Schema schema, String path, List<String> suspicious, Map<Schema, Boolean> seen) {
        switch (schema.getType()) {
            case BYTES, FIXED -> suspicious.add(path + " (" + schema.getType() + ")");
            case ARRAY ->
                    suspicious.add(
                            path
                                    + " (ARRAY: a vector of numbers could be landmarks or an embedding)");
            case MAP -> visit(schema.getValueType(), path + "{}", suspicious, seen);
            case UNION ->
                    schema.getTypes().forEach(branch -> visit(branch, path, suspicious, seen));
            case RECORD -> {
                if (seen.put(schema, Boolean.TRUE) == null) {
                    schema.getFields()
                            .forEach(
                                    field ->
                                            visit(
                                                    field.schema(),
                                                    path + "." + field.name(),
                                                    suspicious,
                                                    seen));
                }
            }
            default -> {
                // strings, numbers, booleans, enums: labels, scores and counts only
            }
        }
    }
}
