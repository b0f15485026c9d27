package io.headcount.aggregation;

import io.headcount.aggregation.metrics.AggregationMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * A {@link MockProcessorContext} for one processor, with in-memory key-value stores that read and
 * write through the real serdes (no changelog, no cache: the mock context supports neither) and the
 * app's meters counted into a registry of the test's own.
 */
public final class ProcessorContexts {

    private ProcessorContexts() {}

    public static <K, V> MockProcessorContext<K, V> create(MeterRegistry registry) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "headcount-aggregation-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9");
        config.put(AggregationMetrics.METER_REGISTRY_CONFIG, registry);
        return new MockProcessorContext<>(config);
    }

    /** Adds an in-memory store named {@code name} to {@code context} and returns it. */
    public static <V> KeyValueStore<String, V> addStore(
            MockProcessorContext<?, ?> context,
            String name,
            Serde<String> keySerde,
            Serde<V> valueSerde) {
        KeyValueStore<String, V> store =
                Stores.keyValueStoreBuilder(
                                Stores.inMemoryKeyValueStore(name), keySerde, valueSerde)
                        .withLoggingDisabled()
                        .withCachingDisabled()
                        .build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }
}
