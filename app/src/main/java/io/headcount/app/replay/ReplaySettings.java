package io.headcount.app.replay;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What a replay runs.
 *
 * @param bootstrapServers the Kafka cluster holding the {@code frames} topic
 * @param range capture times to replay (Kafka record timestamps of {@code frames})
 * @param manifest the candidate's model manifest (a file like {@code models/default.yaml}); its
 *     {@code modelSet}-{@code version} names the shadow topics
 * @param inference inference options on top of the defaults (e.g. {@code detector.score-threshold},
 *     {@code attributes.heads}, {@code models.dir}); the replay sets topics, offsets, group and
 *     transactional ids itself
 * @param aggregation aggregation settings (as in the app's properties file: window, grace, fusion
 *     threshold...); the replay sets application id, topics and state directory itself
 * @param timeout how long the whole replay may take
 */
public record ReplaySettings(
        String bootstrapServers,
        TimeRange range,
        Path manifest,
        Map<String, String> inference,
        Map<String, String> aggregation,
        Duration timeout) {

    public ReplaySettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(manifest, "manifest");
        inference = Map.copyOf(inference);
        aggregation = Map.copyOf(aggregation);
        Objects.requireNonNull(timeout, "timeout");
    }
}
