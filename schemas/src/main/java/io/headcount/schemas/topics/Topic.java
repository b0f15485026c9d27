package io.headcount.schemas.topics;

import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * A topic name with the serdes of its keys and values and the settings it is created with.
 *
 * @param name topic name
 * @param keySerde serde of record keys
 * @param valueSerde serde of record values
 * @param config topic-level settings used when the topic is created (e.g. {@code retention.ms})
 */
public record Topic<K, V>(
        String name, Serde<K> keySerde, Serde<V> valueSerde, Map<String, String> config) {

    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(valueSerde, "valueSerde");
        config = Map.copyOf(config);
    }

    /** The same topic under another name, e.g. a shadow topic for a candidate model. */
    public Topic<K, V> renamed(String newName) {
        return new Topic<>(newName, keySerde, valueSerde, config);
    }

    /** The same topic with some settings replaced, e.g. a site's own frame retention. */
    public Topic<K, V> withConfig(Map<String, String> overrides) {
        Map<String, String> merged = new java.util.HashMap<>(config);
        merged.putAll(overrides);
        return new Topic<>(name, keySerde, valueSerde, merged);
    }
}
