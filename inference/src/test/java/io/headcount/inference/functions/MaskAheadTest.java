package io.headcount.inference.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When the decoding thread runs the mask detector ahead, camera by camera. */
class MaskAheadTest {

    @Test
    void aCameraWhoseRunsFindFacesIsRunOnEveryFrame() {
        MaskAhead ahead = new MaskAhead();
        for (int frame = 0; frame < 20; frame++) {
            assertThat(ahead.runsOn("cam-1")).as("frame %d", frame).isTrue();
            ahead.ran("cam-1", true);
        }
    }

    @Test
    void anEmptySceneIsProbedOnEveryFifthFrameUntilFacesComeBack() {
        MaskAhead ahead = new MaskAhead();
        List<Integer> runs = new ArrayList<>();
        for (int frame = 0; frame < 16; frame++) {
            if (ahead.runsOn("cam-1")) {
                runs.add(frame);
                // Empty until the probe at frame 10 finds someone.
                ahead.ran("cam-1", frame >= 10);
            }
        }
        assertThat(MaskAhead.PROBE_EVERY).isEqualTo(5);
        assertThat(runs).containsExactly(0, 5, 10, 11, 12, 13, 14, 15);
    }

    @Test
    void camerasAreJudgedApart() {
        MaskAhead ahead = new MaskAhead();
        assertThat(ahead.runsOn("empty")).isTrue();
        ahead.ran("empty", false);
        assertThat(ahead.runsOn("busy")).isTrue();
        ahead.ran("busy", true);
        assertThat(ahead.runsOn("empty")).isFalse();
        assertThat(ahead.runsOn("busy")).isTrue();
    }
}
