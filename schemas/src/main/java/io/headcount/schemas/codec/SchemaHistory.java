package io.headcount.schemas.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Every released version of a contract, read from {@code schema-history/<Record>/v<N>.avsc} on the
 * classpath. Readers register all of them so a record written by any released version decodes.
 */
public final class SchemaHistory {

    private static final String ROOT = "schema-history/";

    private SchemaHistory() {}

    /** Released versions of {@code recordName}, oldest first (v1, v2, ...). */
    public static List<Schema> versionsOf(String recordName) {
        List<Schema> versions = new ArrayList<>();
        for (int version = 1; ; version++) {
            String resource = ROOT + recordName + "/v" + version + ".avsc";
            try (InputStream in =
                    SchemaHistory.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    break;
                }
                versions.add(new Schema.Parser().parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read released schema " + resource, e);
            }
        }
        if (versions.isEmpty()) {
            throw new IllegalStateException(
                    "No released schema for " + recordName + " under " + ROOT);
        }
        return List.copyOf(versions);
    }
}
