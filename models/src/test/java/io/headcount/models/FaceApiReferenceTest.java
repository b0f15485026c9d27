package io.headcount.models;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.headcount.models.ModelSource.NpmConversion;
import io.headcount.models.npm.TarGz;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The converted models compute what face-api.js computes: their outputs on real faces equal the
 * outputs of the original tfjs implementation ({@code faceapi-reference.json}, made by {@code
 * src/test/node/faceapi-reference.cjs}) within 1e-4.
 */
class FaceApiReferenceTest {

    private static final double TOLERANCE = 1e-4;
    private static final int FEATURES_KEPT = 16;

    private static OrtEnvironment environment;

    @BeforeAll
    static void createEnvironment() throws InterruptedException {
        // As OnnxModel does: ORT's first initialisation needs a big stack under a long command
        // line.
        AtomicReference<OrtEnvironment> created = new AtomicReference<>();
        Thread init =
                new Thread(
                        null,
                        () ->
                                created.set(
                                        OrtEnvironment.getEnvironment(
                                                OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
                                                "models-test")),
                        "onnxruntime-init",
                        256L << 20);
        init.start();
        init.join();
        environment = created.get();
    }

    @Test
    void convertedModelsMatchFaceApiJsOnRealFaces() throws Exception {
        JsonNode reference = reference();
        List<Path> faces = FixtureFaces.faces();
        assertThat(reference.get("faces")).hasSize(faces.size());

        Map<String, Double> maxDifference = new LinkedHashMap<>();
        try (OrtSession ageGender = session("attr_agegender_faceapi_112x112.onnx");
                OrtSession expression = session("attr_expression7_faceapi_112x112.onnx")) {
            for (int i = 0; i < faces.size(); i++) {
                JsonNode expected = reference.get("faces").get(i);
                assertThat(expected.get("face").asText())
                        .isEqualTo(faces.get(i).getFileName().toString());
                float[] input = FixtureFaces.chw(faces.get(i));
                Map<String, float[]> ag = run(ageGender, input, "age", "gender", "features");
                Map<String, float[]> ex = run(expression, input, "expression", "features");
                compare("age", ag.get("age"), expected.get("age"), maxDifference);
                compare("gender", ag.get("gender"), expected.get("gender"), maxDifference);
                compare(
                        "age-gender features",
                        ag.get("features"),
                        expected.get("ageGenderFeatures"),
                        maxDifference);
                compare(
                        "expression",
                        ex.get("expression"),
                        expected.get("expression"),
                        maxDifference);
                compare(
                        "expression features",
                        ex.get("features"),
                        expected.get("expressionFeatures"),
                        maxDifference);
            }
        }
        System.out.println(
                "max |ONNX - face-api.js| per output on "
                        + faces.size()
                        + " faces: "
                        + maxDifference);
        assertThat(maxDifference)
                .hasSize(5)
                .allSatisfy(
                        (output, difference) ->
                                assertThat(difference).as(output).isLessThanOrEqualTo(TOLERANCE));
    }

    private static void compare(
            String output, float[] actual, JsonNode expected, Map<String, Double> maxDifference) {
        int length = output.endsWith("features") ? FEATURES_KEPT : actual.length;
        assertThat(expected).as(output).hasSize(length);
        double max = maxDifference.getOrDefault(output, 0.0);
        for (int i = 0; i < length; i++) {
            max = Math.max(max, Math.abs(actual[i] - expected.get(i).asDouble()));
        }
        maxDifference.put(output, max);
    }

    private static Map<String, float[]> run(OrtSession session, float[] input, String... outputs)
            throws Exception {
        Map<String, float[]> values = new LinkedHashMap<>();
        try (OnnxTensor tensor =
                        OnnxTensor.createTensor(
                                environment,
                                FloatBuffer.wrap(input),
                                new long[] {1, 3, FixtureFaces.SIZE, FixtureFaces.SIZE});
                OrtSession.Result result = session.run(Map.of("input", tensor), Set.of(outputs))) {
            for (String output : outputs) {
                FloatBuffer buffer =
                        ((OnnxTensor) result.get(output).orElseThrow()).getFloatBuffer();
                float[] floats = new float[buffer.remaining()];
                buffer.get(floats);
                values.put(output, floats);
            }
        }
        return values;
    }

    /** A session on the model converted now from the npm package (not on the shared file). */
    private static OrtSession session(String file) throws Exception {
        NpmConversion conversion = (NpmConversion) ModelCatalog.shipped().entry(file).source();
        Map<String, byte[]> contents =
                TarGz.read(NpmPackageFixture.faceApi(), conversion.files().keySet());
        byte[] onnx = PackageConversions.convert(conversion, contents, ModelCatalog.FACE_API);
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            return environment.createSession(onnx, options);
        }
    }

    private static JsonNode reference() throws Exception {
        try (InputStream in =
                FaceApiReferenceTest.class.getResourceAsStream("/faceapi-reference.json")) {
            return new ObjectMapper().readTree(in);
        }
    }
}
