package io.headcount.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchCamerasTest {

    @Test
    void namesInSequenceCanShareASubtaskWhichIsWhyTheBenchPicksItsIds() {
        assertThat(BenchCameras.subtask("bench-camera-1", 2))
                .isEqualTo(BenchCameras.subtask("bench-camera-2", 2));
    }

    @Test
    void camerasGoToTheSubtasksInTurn() {
        for (int parallelism = 1; parallelism <= 4; parallelism++) {
            for (int cameras = 1; cameras <= 9; cameras++) {
                List<String> ids = BenchCameras.spread(cameras, parallelism);
                assertThat(ids).hasSize(cameras).doesNotHaveDuplicates();
                if (cameras == 1) {
                    assertThat(ids).containsExactly(EndToEndRun.CAMERA);
                    continue;
                }
                for (int i = 0; i < cameras; i++) {
                    assertThat(BenchCameras.subtask(ids.get(i), parallelism))
                            .as("camera %d of %d at parallelism %d", i, cameras, parallelism)
                            .isEqualTo(i % parallelism);
                }
            }
        }
    }

    @Test
    void refusesNoCameras() {
        assertThatThrownBy(() -> BenchCameras.spread(0, 2))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
