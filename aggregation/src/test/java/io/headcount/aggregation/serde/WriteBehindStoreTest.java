package io.headcount.aggregation.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WriteBehindStoreTest {

    /** Serializations of the store's values, to see when the store writes through. */
    private final List<Integer> serialized = new ArrayList<>();

    private WriteBehindStore<String, AtomicInteger> store;
    private KeyValueStore<String, AtomicInteger> inner;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void setUp() {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "write-behind-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9");
        MockProcessorContext<String, String> context = new MockProcessorContext<>(config);
        store =
                (WriteBehindStore<String, AtomicInteger>)
                        WriteBehindStore.builder(
                                        Stores.keyValueStoreBuilder(
                                                        Stores.inMemoryKeyValueStore("counts"),
                                                        Serdes.String(),
                                                        counters())
                                                .withLoggingDisabled()
                                                .withCachingDisabled())
                                .build();
        store.init(context.getStateStoreContext(), store);
        inner = store.wrapped();
    }

    @Test
    void holdsWritesUntilTheCommitThenWritesEachKeyOnceAsItIsThen() {
        AtomicInteger a = new AtomicInteger(1);
        store.put("a", a);
        store.put("b", new AtomicInteger(7));
        a.incrementAndGet();
        store.put("a", a);
        a.incrementAndGet();

        assertThat(store.get("a").get()).isEqualTo(3);
        assertThat(inner.get("a")).isNull();
        assertThat(serialized).isEmpty();

        store.flushCache();

        assertThat(serialized).containsExactly(3, 7);
        assertThat(inner.get("a").get()).isEqualTo(3);
        assertThat(inner.get("b").get()).isEqualTo(7);

        store.flushCache();
        assertThat(serialized).hasSize(2);
    }

    @Test
    void aDeleteIsHeldAsANullAndWrittenAtTheCommit() {
        store.put("a", new AtomicInteger(1));
        store.flushCache();

        assertThat(store.delete("a").get()).isEqualTo(1);
        assertThat(store.get("a")).isNull();
        assertThat(inner.get("a")).isNotNull();

        store.flushCache();
        assertThat(inner.get("a")).isNull();
    }

    /** Put and deleted between two commits: neither reaches the store nor its changelog. */
    @Test
    void aKeyWrittenAndDeletedBetweenCommitsIsNeverWritten() {
        store.put("a", new AtomicInteger(1));
        store.delete("a");
        store.flushCache();

        assertThat(serialized).isEmpty();
        assertThat(inner.approximateNumEntries()).isZero();
    }

    @Test
    void aTaskClosedWithoutACommitDropsWhatWasHeld() {
        store.put("a", new AtomicInteger(1));
        store.clearCache();
        store.flushCache();

        assertThat(store.get("a")).isNull();
        assertThat(serialized).isEmpty();
    }

    @Test
    void iteratorsSeeTheHeldWrites() {
        store.put("b", new AtomicInteger(2));
        store.put("a", new AtomicInteger(1));

        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, AtomicInteger> all = store.all()) {
            all.forEachRemaining(entry -> keys.add(entry.key + "=" + entry.value.get()));
        }
        assertThat(keys).containsExactly("a=1", "b=2");
    }

    /**
     * In a real task the commit writes the held values into the changelog: the state a restore
     * rebuilds. The test driver commits after each record.
     */
    @Test
    void eachCommitLogsTheStateOfEveryKeyWritten() {
        Topology topology = new Topology();
        topology.addSource("in", "input");
        topology.addProcessor("count", Counting::new, "in");
        topology.addStateStore(
                WriteBehindStore.builder(
                        Stores.keyValueStoreBuilder(
                                        Stores.inMemoryKeyValueStore("counts"),
                                        Serdes.String(),
                                        counters())
                                .withCachingDisabled()),
                "count");
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "write-behind-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9");
        config.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        config.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, config)) {
            TestInputTopic<String, String> input =
                    driver.createInputTopic(
                            "input", new StringSerializer(), new StringSerializer());
            input.pipeInput("x", "1");
            input.pipeInput("y", "1");
            input.pipeInput("x", "1");

            TestOutputTopic<String, AtomicInteger> changelog =
                    driver.createOutputTopic(
                            "write-behind-test-counts-changelog",
                            new StringDeserializer(),
                            counters().deserializer());
            assertThat(changelog.readKeyValuesToList())
                    .extracting(entry -> entry.key + "=" + entry.value.get())
                    .containsExactly("x=1", "y=1", "x=2");
            KeyValueStore<String, AtomicInteger> counts = driver.getKeyValueStore("counts");
            assertThat(counts.get("x").get()).isEqualTo(2);
        }
    }

    /** Counts records per key, changing the stored counter in place. */
    private static final class Counting implements Processor<String, String, Void, Void> {
        private KeyValueStore<String, AtomicInteger> counts;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            counts = context.getStateStore("counts");
        }

        @Override
        public void process(Record<String, String> record) {
            AtomicInteger count = counts.get(record.key());
            if (count == null) {
                count = new AtomicInteger();
            }
            count.incrementAndGet();
            counts.put(record.key(), count);
        }
    }

    private Serde<AtomicInteger> counters() {
        return Serdes.serdeFrom(
                (topic, value) -> {
                    if (value == null) {
                        return null;
                    }
                    serialized.add(value.get());
                    return ByteBuffer.allocate(4).putInt(value.get()).array();
                },
                (topic, bytes) ->
                        bytes == null ? null : new AtomicInteger(ByteBuffer.wrap(bytes).getInt()));
    }
}
