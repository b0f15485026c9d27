package io.headcount.app.faults;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeSet;
import org.apache.kafka.common.utils.Utils;

/**
 * How a test pipeline is spread out: partitions per topic, the inference job's parallelism, the
 * aggregation app's instances and the cameras the gateway sends. Partitions by camera are the unit
 * of scale: a camera's frames stay on one partition, so one subtask tracks it and one instance
 * counts it.
 */
record Layout(int partitions, int parallelism, int aggregationInstances, List<String> cameras) {

    Layout {
        cameras = List.copyOf(cameras);
    }

    /** One partition per topic, one subtask, one instance, one camera. */
    static Layout single() {
        return new Layout(1, 1, 1, List.of(Scenario.CAMERA));
    }

    /** {@code partitions} partitions per topic with a camera on each. */
    static Layout spread(int partitions, int parallelism, int aggregationInstances) {
        return new Layout(
                partitions, parallelism, aggregationInstances, onePerPartition(partitions));
    }

    /**
     * The first camera ids {@code cam-0, cam-1, ...} that the producer's default partitioner
     * (murmur2 of the key, as Kafka's clients compute it) puts on each of {@code partitions}
     * partitions.
     */
    static List<String> onePerPartition(int partitions) {
        String[] byPartition = new String[partitions];
        TreeSet<Integer> missing = new TreeSet<>();
        for (int p = 0; p < partitions; p++) {
            missing.add(p);
        }
        for (int i = 0; !missing.isEmpty(); i++) {
            String camera = "cam-" + i;
            int partition =
                    Utils.toPositive(Utils.murmur2(camera.getBytes(StandardCharsets.UTF_8)))
                            % partitions;
            if (missing.remove(partition)) {
                byPartition[partition] = camera;
            }
        }
        return List.of(byPartition);
    }
}
