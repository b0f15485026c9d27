package io.headcount.bench;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;

/**
 * The end-to-end run's camera ids, chosen so that the job's subtasks share them evenly.
 *
 * <p>The job keys frames by camera, and Flink places a key on a subtask by its hash (key groups):
 * with a handful of cameras two of them often land on the same subtask while another idles ({@code
 * bench-camera-1} and {@code -2} both go to subtask 1 of 2). A node with many cameras evens out; a
 * bench of two cameras on two subtasks would measure one core. So the bench picks ids whose key
 * groups fall on the subtasks in turn, which is what it means to measure a node whose cameras are
 * balanced; {@code docs/sizing.md} says what a deployment with few cameras per node can do about
 * it.
 */
final class BenchCameras {

    private BenchCameras() {}

    /**
     * {@code cameras} ids ({@link EndToEndRun#CAMERA} for one, else {@code bench-camera-N}), the
     * i-th placed on subtask {@code i % parallelism} of a job at {@code parallelism} with Flink's
     * default maximum parallelism (the job sets none).
     */
    static List<String> spread(int cameras, int parallelism) {
        if (cameras < 1 || parallelism < 1) {
            throw new IllegalArgumentException(
                    "cameras and parallelism must be positive: " + cameras + ", " + parallelism);
        }
        if (cameras == 1) {
            return List.of(EndToEndRun.CAMERA);
        }
        int maxParallelism = KeyGroupRangeAssignment.computeDefaultMaxParallelism(parallelism);
        List<String> ids = new ArrayList<>();
        int next = 1;
        for (int i = 0; i < cameras; i++) {
            int subtask = i % parallelism;
            String id;
            do {
                id = EndToEndRun.CAMERA + "-" + next++;
            } while (subtask(id, maxParallelism, parallelism) != subtask);
            ids.add(id);
        }
        return List.copyOf(ids);
    }

    /** The subtask that keys {@code camera} at {@code parallelism}. */
    static int subtask(String camera, int parallelism) {
        return subtask(
                camera,
                KeyGroupRangeAssignment.computeDefaultMaxParallelism(parallelism),
                parallelism);
    }

    private static int subtask(String camera, int maxParallelism, int parallelism) {
        return KeyGroupRangeAssignment.assignKeyToParallelOperator(
                camera, maxParallelism, parallelism);
    }
}
