package io.headcount.inference.records;

import java.util.Arrays;
import java.util.Objects;

/**
 * A record already encoded for a Kafka topic. The job's outputs are encoded before they meet, so
 * that one sink (one producer, one transaction per checkpoint) writes all of them: consumers then
 * see a frame's observations and its {@code FrameProcessed} record become visible together, and a
 * fast replay cannot show one topic minutes of event time ahead of the other.
 *
 * <p>A Flink POJO (public fields, no-arg constructor) so no generic serializer is needed.
 */
public final class EncodedRecord {

    public String topic;
    public byte[] key;
    public byte[] value;
    public long timestamp;

    public EncodedRecord() {}

    public EncodedRecord(String topic, byte[] key, byte[] value, long timestamp) {
        this.topic = topic;
        this.key = key;
        this.value = value;
        this.timestamp = timestamp;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EncodedRecord that
                && timestamp == that.timestamp
                && Objects.equals(topic, that.topic)
                && Arrays.equals(key, that.key)
                && Arrays.equals(value, that.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, Arrays.hashCode(key), Arrays.hashCode(value), timestamp);
    }

    @Override
    public String toString() {
        return "EncodedRecord["
                + topic
                + ", "
                + (value == null ? 0 : value.length)
                + " bytes @"
                + timestamp
                + "]";
    }
}
