package io.headcount.inference.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.codec.AvroCodec;
import io.headcount.vision.attributes.AgeGroups;
import io.headcount.vision.models.ModelManifest;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Checks an actual {@link FaceObservation} the job wrote: every value is a scalar, a short string
 * or a map of known labels to probabilities. Pixels, crops, landmarks or embeddings would need
 * bytes, arrays or long maps; none may appear, and the encoded record stays far smaller than any
 * crop.
 */
public final class PrivacyCheck {

    /** More than any observation needs; a 16x16 grey crop alone would be 256 bytes. */
    public static final int MAX_ENCODED_BYTES = 600;

    private static final Set<String> LABELS = labels();

    private PrivacyCheck() {}

    public static void assertAnonymous(FaceObservation observation) {
        walk(observation, "FaceObservation");
        int size = AvroCodec.of(FaceObservation.class).encode(observation).length;
        assertThat(size).as("encoded size of %s", observation).isLessThan(MAX_ENCODED_BYTES);
    }

    private static void walk(Object value, String path) {
        if (value == null
                || value instanceof Number
                || value instanceof Boolean
                || value instanceof Instant) {
            return;
        }
        if (value instanceof CharSequence text) {
            assertThat(text.length()).as("%s is a short identifier", path).isLessThan(100);
            return;
        }
        if (value instanceof GenericRecord record) {
            for (Schema.Field field : record.getSchema().getFields()) {
                walk(record.get(field.pos()), path + "." + field.name());
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            boolean versions = path.endsWith(".modelVersions");
            assertThat(map.size()).as("%s entries", path).isLessThanOrEqualTo(8);
            map.forEach(
                    (key, entry) -> {
                        if (!versions) {
                            assertThat(LABELS).as("%s key", path).contains(key.toString());
                            assertThat(entry).as("%s.%s", path, key).isInstanceOf(Float.class);
                        }
                        walk(entry, path + "." + key);
                    });
            return;
        }
        if (value instanceof ByteBuffer
                || value instanceof byte[]
                || value instanceof Collection<?>
                || value.getClass().isArray()) {
            throw new AssertionError(
                    path + " carries bulk data (" + value.getClass().getSimpleName() + ")");
        }
        throw new AssertionError(path + " has an unexpected type " + value.getClass());
    }

    private static Set<String> labels() {
        Set<String> labels = new HashSet<>(AgeGroups.LABELS);
        labels.addAll(ModelManifest.defaults().model("expression").labels("expression"));
        return labels;
    }
}
