package io.headcount.models.tfjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the generic converter refuses, on tiny graph models; that it converts a real one exactly is
 * {@code PackageConversionTest}'s job (HSE FaceRes, byte for byte).
 */
class TfjsGraphConverterTest {

    private static final TfjsGraphConverter.Spec SPEC =
            new TfjsGraphConverter.Spec(
                    "tiny",
                    "test",
                    "input",
                    new long[] {3, 4, 4},
                    new TfjsGraphConverter.Preprocessing(new long[] {0, 1, 2}, new float[3]),
                    List.of());

    @Test
    void anUnsupportedOpFailsNamingOpAndNode() {
        byte[] model =
                model(
                        "{\"name\":\"x\",\"op\":\"Placeholder\"},"
                                + "{\"name\":\"pool\",\"op\":\"MaxPool\",\"input\":[\"x\"]}",
                        "");

        assertThatThrownBy(() -> TfjsGraphConverter.convert(model, path -> new byte[0], SPEC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tfjs op MaxPool (node pool) is not supported");
    }

    @Test
    void aWeightNoNodeUsesFailsTheConversion() {
        byte[] model =
                model(
                        "{\"name\":\"x\",\"op\":\"Placeholder\"},"
                                + "{\"name\":\"six\",\"op\":\"Const\"},"
                                + "{\"name\":\"r\",\"op\":\"Relu\",\"input\":[\"x\"]}",
                        "{\"name\":\"six\",\"shape\":[],\"dtype\":\"float32\"}");

        assertThatThrownBy(() -> TfjsGraphConverter.convert(model, path -> new byte[4], SPEC))
                .hasMessageContaining("weights no node uses: [six]");
    }

    @Test
    void aClampWithConstantsBecomesMinAndMaxWithBroadcastableConstants() {
        byte[] model =
                model(
                        "{\"name\":\"x\",\"op\":\"Placeholder\"},"
                                + "{\"name\":\"six\",\"op\":\"Const\"},"
                                + "{\"name\":\"m\",\"op\":\"Minimum\",\"input\":[\"x\",\"six\"]}",
                        "{\"name\":\"six\",\"shape\":[],\"dtype\":\"float32\"}");
        TfjsGraphConverter.Spec spec =
                new TfjsGraphConverter.Spec(
                        SPEC.graphName(),
                        SPEC.producer(),
                        SPEC.input(),
                        SPEC.inputShape(),
                        SPEC.preprocessing(),
                        List.of(new TfjsGraphConverter.Output("m", "out", 48)));

        var onnx = TfjsGraphConverter.convert(model, path -> new byte[] {0, 0, -64, 64}, spec);

        assertThat(onnx.getGraph().getNodeList())
                .extracting(node -> node.getOpType())
                .containsExactly("Gather", "Sub", "Min", "Identity");
        assertThat(onnx.getGraph().getInitializer(2).getName()).isEqualTo("m/c");
        assertThat(onnx.getGraph().getInitializer(2).getDimsList()).containsExactly(1L);
    }

    @Test
    void halfFloatsWidenExactly() {
        Map<Short, Float> cases =
                Map.of(
                        (short) 0x3c00, 1f,
                        (short) 0xc000, -2f,
                        (short) 0x7bff, 65504f,
                        (short) 0x0001, 0x1p-24f,
                        (short) 0x8000, -0f,
                        (short) 0x7c00, Float.POSITIVE_INFINITY,
                        (short) 0x3555, 0.33325195f);

        cases.forEach(
                (half, expected) -> assertThat(TfjsWeights.halfToFloat(half)).isEqualTo(expected));
        assertThat(Float.isNaN(TfjsWeights.halfToFloat((short) 0x7e00))).isTrue();
    }

    private static byte[] model(String nodes, String weights) {
        return ("{\"format\":\"graph-model\",\"modelTopology\":{\"node\":["
                        + nodes
                        + "]},\"weightsManifest\":[{\"paths\":[\"w.bin\"],\"weights\":["
                        + weights
                        + "]}]}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
