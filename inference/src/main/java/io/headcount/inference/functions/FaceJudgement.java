package io.headcount.inference.functions;

import io.headcount.inference.records.DecodedFrame;
import io.headcount.inference.records.FrameInfo;
import io.headcount.vision.attributes.FrameMasks;
import io.headcount.vision.attributes.MaskCorroboration;
import io.headcount.vision.attributes.RegionSearch;
import io.headcount.vision.detect.DetectedFace;
import io.headcount.vision.detect.DetectorSettings;
import java.util.List;

/**
 * What {@code detect-faces} keeps of a frame's decoded faces, the same frame by frame ({@link
 * DetectFacesFunction}) and in batches ({@link BatchingDetectOperator}): the second look at the
 * frame's own resolution ({@link RegionSearch}, where the mask detector or the camera's last frame
 * says a face is), then the mask detector's second opinion and the tracker's low band ({@link
 * MaskCorroboration}). Frames must come in each camera's capture order. Holds a native session:
 * open on the task, close when it ends.
 */
final class FaceJudgement implements AutoCloseable {

    /** A frame's faces kept, and what the search did on it (for the metrics). */
    record Judged(MaskCorroboration.Kept kept, RegionSearch.Searched searched) {}

    private final MaskCorroboration corroboration;
    private final RegionSearch search;

    /** Null when no region is searched: nothing needs the last faces then. */
    private final RecentFaces recentFaces;

    FaceJudgement(DetectorSettings detector, MaskCorroboration corroboration) {
        this.corroboration = corroboration;
        this.search = RegionSearch.open(detector, corroboration);
        this.recentFaces =
                corroboration.searchRegions() > 0
                        ? new RecentFaces(corroboration.threshold())
                        : null;
    }

    /** The faces kept of {@code decoded}, the detector's faces on {@code frame}, best first. */
    Judged judge(DecodedFrame frame, List<DetectedFace> decoded) {
        FrameMasks masks = frame.prepared().masks();
        RegionSearch.Searched searched =
                search.search(
                        frame.image(),
                        decoded,
                        masks,
                        recentFaces == null ? List.of() : recentFaces.before(frame.frame()));
        MaskCorroboration.Kept kept = corroboration.keep(searched.faces(), masks);
        if (recentFaces != null) {
            recentFaces.remember(frame.frame(), kept.faces());
        }
        return new Judged(kept, searched);
    }

    /** The camera's stream ended: its last faces are no hint for anything. */
    void ended(FrameInfo end) {
        if (recentFaces != null) {
            recentFaces.remember(end, List.of());
        }
    }

    @Override
    public void close() {
        search.close();
    }
}
