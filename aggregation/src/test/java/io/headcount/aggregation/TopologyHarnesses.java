package io.headcount.aggregation;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The fixture of the topology tests: opens {@link TopologyHarness}es for one test, each in a state
 * folder of its own, and closes and deletes them all after it. The folders sit on a RAM disk where
 * one exists: the driver flushes every store, with fsyncs, after each record.
 *
 * <pre>{@code
 * private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
 * @RegisterExtension final TopologyHarnesses harnesses = new TopologyHarnesses(registry);
 * }</pre>
 */
final class TopologyHarnesses implements BeforeEachCallback, AfterEachCallback {

    private static final Path RAM_DISK = Path.of("/dev/shm");

    private final MeterRegistry registry;
    private final List<TopologyHarness> opened = new ArrayList<>();
    private Path stateDir;

    TopologyHarnesses(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        String prefix = context.getRequiredTestClass().getSimpleName();
        stateDir =
                Files.isDirectory(RAM_DISK) && Files.isWritable(RAM_DISK)
                        ? Files.createTempDirectory(RAM_DISK, prefix)
                        : Files.createTempDirectory(prefix);
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        opened.forEach(TopologyHarness::close);
        opened.clear();
        try (Stream<Path> paths = Files.walk(stateDir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** A harness with the options read from {@code settings}, which also reach Streams. */
    TopologyHarness open(String name, Clock frameTimeClock, Map<String, String> settings) {
        return opened(
                TopologyHarness.withSettings(
                        settings, frameTimeClock, registry, stateDir.resolve(name)));
    }

    /** A harness with {@code options}; {@code overrides} replace Streams defaults. */
    TopologyHarness open(
            String name,
            AggregationOptions options,
            Clock frameTimeClock,
            Map<String, String> overrides) {
        return opened(
                new TopologyHarness(
                        options, frameTimeClock, registry, stateDir.resolve(name), overrides));
    }

    private TopologyHarness opened(TopologyHarness harness) {
        opened.add(harness);
        return harness;
    }
}
