package io.headcount.inference.functions;

import io.headcount.core.attributes.Attribute;
import io.headcount.inference.records.DetectedFrame;
import io.headcount.vision.attributes.DescribeBudget;
import io.headcount.vision.attributes.DescribeBudgetState;
import io.headcount.vision.attributes.FaceDescriber;
import io.headcount.vision.attributes.FaceDescription;
import io.headcount.vision.attributes.FrameFaces;
import io.headcount.vision.quality.FaceQualityMeasure;
import java.util.Set;
import java.util.function.LongConsumer;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;

/**
 * describe-faces for one camera's frame, in the two halves around the heads: {@link #pick} measures
 * every face and lets the camera's {@link DescribeBudget} pick the ones the heads run on; {@link
 * #settle} tells the budget what they said. Shared by {@link DescribeFacesFunction} (frame by
 * frame) and {@link BatchingDescribeOperator} (the picked faces of several cameras' frames through
 * the heads at once), so both decide alike.
 */
final class FrameDescribing {

    /** A frame measured and picked, awaiting the heads; {@code budget} is its camera's. */
    record Picked(
            DetectedFrame detected,
            FaceQualityMeasure[] measures,
            boolean[] accepted,
            boolean[] picked,
            String[] trackIds,
            DescribeBudgetState budget,
            Set<Attribute> switchedOff) {

        FrameFaces faces() {
            return new FrameFaces(
                    detected.image(), detected.masks(), detected.faces(), measures, picked);
        }

        int pickedCount() {
            int count = 0;
            for (boolean one : picked) {
                count += one ? 1 : 0;
            }
            return count;
        }
    }

    private FrameDescribing() {}

    /**
     * Measures the faces of a frame with an image and picks those the heads run on; {@code stored}
     * is the camera's budget state (null: none yet), updated by {@link #settle}.
     */
    static Picked pick(
            FaceDescriber describer,
            DescribeBudget budget,
            DetectedFrame detected,
            DescribeBudgetState stored,
            Set<Attribute> switchedOff) {
        FaceQualityMeasure[] measures = describer.measure(detected.image(), detected.faces());
        boolean[] accepted = new boolean[measures.length];
        for (int i = 0; i < measures.length; i++) {
            accepted[i] = describer.accepts(measures[i]);
        }
        String[] trackIds =
                detected.trackIds() == null ? new String[measures.length] : detected.trackIds();
        DescribeBudgetState current =
                budget.settings().enabled() && stored != null ? stored : new DescribeBudgetState();
        boolean[] picked =
                budget.pick(current, detected.frame().captureTime(), trackIds, measures, accepted);
        return new Picked(detected, measures, accepted, picked, trackIds, current, switchedOff);
    }

    /** After the heads: the budget learns what they said of each picked face; counts both. */
    static void settle(
            DescribeBudget budget,
            Picked frame,
            FaceDescription[] descriptions,
            Counter described,
            Counter notPicked) {
        int pickedCount = 0;
        int acceptedCount = 0;
        for (int i = 0; i < frame.picked().length; i++) {
            acceptedCount += frame.accepted()[i] ? 1 : 0;
            if (frame.picked()[i]) {
                pickedCount++;
                budget.described(
                        frame.budget(),
                        frame.trackIds()[i],
                        frame.measures()[i],
                        descriptions[i].female());
            }
        }
        described.inc(pickedCount);
        notPicked.inc(acceptedCount - pickedCount);
    }

    /**
     * Keeps a camera's budget after its frame: stores it, or clears it when no track is left, and
     * moves its idle timer (event time) to {@code frameTime + idleMillis}.
     */
    static void remember(
            DescribeBudgetState current,
            long frameTime,
            long idleMillis,
            ValueState<DescribeBudgetState> state,
            LongConsumer registerTimer,
            LongConsumer deleteTimer)
            throws Exception {
        if (current.idleTimer != 0) {
            deleteTimer.accept(current.idleTimer);
            current.idleTimer = 0;
        }
        if (current.isEmpty()) {
            state.clear();
        } else {
            current.idleTimer = frameTime + idleMillis;
            registerTimer.accept(current.idleTimer);
            state.update(current);
        }
    }

    /** An idle timer fired: forgets the camera's budget unless a later frame moved the timer. */
    static void forgetIfIdle(ValueState<DescribeBudgetState> state, long timer) throws Exception {
        DescribeBudgetState current = state.value();
        if (current != null && current.idleTimer == timer) {
            state.clear();
        }
    }
}
