package io.headcount.aggregation.serde;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * A key-value store that holds its writes as objects, not serialized, until Streams commits the
 * task: a key written on every record costs a map put per record and one serialization and one
 * changelog record per commit, where Streams' record cache serializes every put.
 *
 * <p>Why this is exactly once: Streams flushes every cached store ({@code flushCache}, the hook of
 * its own record cache) before it flushes the task's producer and commits the transaction, and this
 * store writes what it holds into the store it wraps then; so the changelog of each transaction
 * holds the state its committed offsets imply, as a cached store's does. A task closed without a
 * commit (a crash, a corrupted task) drops what is held, as it drops the record cache, and is
 * restored from the changelog.
 *
 * <p>A held value is written as it is at the commit: a value changed in place after its put (a
 * track that took another impression) is written with the change, which is the state the commit's
 * offsets imply. Reads see the held writes; an iterator first writes them through (any write before
 * the commit belongs to the same transaction).
 *
 * <p>{@link WrappedStateStore} and its {@code flushCache} are Streams internals (the hook this
 * needs has no public API; checked against Kafka Streams 4.2): a Streams upgrade must keep {@code
 * WriteBehindStoreTest} and the topology tests passing.
 *
 * @param <K> key
 * @param <V> value
 */
public final class WriteBehindStore<K, V> extends WrappedStateStore<KeyValueStore<K, V>, K, V>
        implements KeyValueStore<K, V> {

    /**
     * Writes since the last commit, by key (a null value is a delete), in the order of each key's
     * first write, so the changelog's order does not depend on hashing.
     */
    private final Map<K, V> held = new LinkedHashMap<>();

    private WriteBehindStore(KeyValueStore<K, V> wrapped) {
        super(wrapped);
    }

    /**
     * {@code inner} (give it no record cache: this store does that work) behind a write-behind
     * store.
     */
    public static <K, V> StoreBuilder<KeyValueStore<K, V>> builder(
            StoreBuilder<KeyValueStore<K, V>> inner) {
        return new Builder<>(inner);
    }

    @Override
    public void put(K key, V value) {
        held.put(key, value);
    }

    @Override
    public V putIfAbsent(K key, V value) {
        V old = get(key);
        if (old == null) {
            put(key, value);
        }
        return old;
    }

    @Override
    public void putAll(List<KeyValue<K, V>> entries) {
        for (KeyValue<K, V> entry : entries) {
            put(entry.key, entry.value);
        }
    }

    @Override
    public V delete(K key) {
        V old = get(key);
        held.put(key, null);
        return old;
    }

    @Override
    public V get(K key) {
        if (held.containsKey(key)) {
            return held.get(key);
        }
        return wrapped().get(key);
    }

    @Override
    public KeyValueIterator<K, V> range(K from, K to) {
        writeHeld();
        return wrapped().range(from, to);
    }

    @Override
    public KeyValueIterator<K, V> reverseRange(K from, K to) {
        writeHeld();
        return wrapped().reverseRange(from, to);
    }

    @Override
    public KeyValueIterator<K, V> all() {
        writeHeld();
        return wrapped().all();
    }

    @Override
    public KeyValueIterator<K, V> reverseAll() {
        writeHeld();
        return wrapped().reverseAll();
    }

    @Override
    public <PS extends org.apache.kafka.common.serialization.Serializer<P>, P>
            KeyValueIterator<K, V> prefixScan(P prefix, PS prefixKeySerializer) {
        writeHeld();
        return wrapped().prefixScan(prefix, prefixKeySerializer);
    }

    @Override
    public long approximateNumEntries() {
        writeHeld();
        return wrapped().approximateNumEntries();
    }

    /** Called by Streams before the task's producer is flushed and its transaction committed. */
    @Override
    public void flushCache() {
        writeHeld();
        super.flushCache();
    }

    @Override
    public void flush() {
        writeHeld();
        super.flush();
    }

    /** A task closed dirty: what was held belongs to work that will be redone. */
    @Override
    public void clearCache() {
        held.clear();
        super.clearCache();
    }

    @Override
    public void close() {
        held.clear();
        super.close();
    }

    /**
     * Writes what is held into the wrapped store. A delete of a key the wrapped store does not hold
     * (written and deleted since the last commit: a frame that waited a moment, a short track) is
     * dropped: its changelog never had the key, so a tombstone would only cost a record.
     */
    private void writeHeld() {
        if (held.isEmpty()) {
            return;
        }
        List<KeyValue<K, V>> writes = new ArrayList<>(held.size());
        held.forEach(
                (key, value) -> {
                    if (value != null || wrapped().get(key) != null) {
                        writes.add(KeyValue.pair(key, value));
                    }
                });
        held.clear();
        if (!writes.isEmpty()) {
            wrapped().putAll(writes);
        }
    }

    private record Builder<K, V>(StoreBuilder<KeyValueStore<K, V>> inner)
            implements StoreBuilder<KeyValueStore<K, V>> {

        @Override
        public StoreBuilder<KeyValueStore<K, V>> withCachingEnabled() {
            inner.withCachingEnabled();
            return this;
        }

        @Override
        public StoreBuilder<KeyValueStore<K, V>> withCachingDisabled() {
            inner.withCachingDisabled();
            return this;
        }

        @Override
        public StoreBuilder<KeyValueStore<K, V>> withLoggingEnabled(Map<String, String> config) {
            inner.withLoggingEnabled(config);
            return this;
        }

        @Override
        public StoreBuilder<KeyValueStore<K, V>> withLoggingDisabled() {
            inner.withLoggingDisabled();
            return this;
        }

        @Override
        public KeyValueStore<K, V> build() {
            return new WriteBehindStore<>(inner.build());
        }

        @Override
        public Map<String, String> logConfig() {
            return inner.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return inner.loggingEnabled();
        }

        @Override
        public String name() {
            return inner.name();
        }
    }
}
