package io.headcount.inference.records;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A Kafka record exactly as it arrived: its coordinates and undecoded bytes. The job decodes values
 * itself (not in the source) so that bytes it cannot read become dead letters instead of failing
 * the source.
 *
 * @param topic source topic
 * @param partition source partition
 * @param offset offset in the partition
 * @param timestamp record timestamp in epoch milliseconds
 * @param key key bytes, or null
 * @param value value bytes, or null for a tombstone
 */
public record RawRecord(
        String topic, int partition, long offset, long timestamp, byte[] key, byte[] value)
        implements Serializable {

    public RawRecord {
        Objects.requireNonNull(topic, "topic");
    }

    /**
     * The key as the gateway writes it, the camera id in UTF-8; empty for a record without a key.
     * The job routes each record by it to the subtask that tracks that camera.
     */
    public String cameraKey() {
        return key == null ? "" : new String(key, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RawRecord record
                && topic.equals(record.topic)
                && partition == record.partition
                && offset == record.offset
                && timestamp == record.timestamp
                && Arrays.equals(key, record.key)
                && Arrays.equals(value, record.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                topic, partition, offset, timestamp, Arrays.hashCode(key), Arrays.hashCode(value));
    }

    @Override
    public String toString() {
        return "RawRecord["
                + topic
                + "-"
                + partition
                + "@"
                + offset
                + ", timestamp="
                + timestamp
                + ", key="
                + (key == null ? "null" : key.length + " bytes")
                + ", value="
                + (value == null ? "null" : value.length + " bytes")
                + "]";
    }
}
