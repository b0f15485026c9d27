package io.headcount.scoring.score;

import io.headcount.core.Windows;
import io.headcount.schemas.AudienceStats;
import io.headcount.schemas.Cell;
import io.headcount.schemas.TrackSummary;
import io.headcount.scoring.truth.TruthLabels;
import io.headcount.scoring.truth.TruthPerson;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Puts true persons into the product's windows and compares.
 *
 * <p>The product counts a visitor in the window holding its track's last impression ({@code
 * lastSeen}, aggregation README "Windows"); the truth uses the same rule with the person's last
 * visible frame time ({@code leave}), windows half-open {@code [windowStart, windowEnd)}. The
 * boundaries are those of the {@code AudienceStats} records; a person whose leave time falls in no
 * emitted window gets the epoch-aligned window of the emitted windows' length (or the fallback
 * length when none was emitted), marked not emitted, with 0 counted.
 */
final class WindowScorer {

    static final String MASKED = "masked";
    static final String UNMASKED = "unmasked";

    /**
     * Windows with at least this many true visitors are the ones the share targets are about (a
     * share over fewer people moves by whole persons: one of ten is 10 points).
     */
    static final long LARGE_WINDOW_MIN_VISITORS = 20;

    private final Duration fallbackWindow;

    WindowScorer(Duration fallbackWindow) {
        this.fallbackWindow = fallbackWindow;
    }

    /**
     * @param tracks the camera's track summaries, counted by the product's rule beside the windows'
     *     own count (a difference means visitors the windows lost, e.g. late ones)
     */
    List<WindowScore> score(
            List<TruthPerson> persons, List<TrackSummary> tracks, List<AudienceStats> stats) {
        Duration length =
                stats.isEmpty()
                        ? fallbackWindow
                        : Duration.between(
                                stats.get(0).getWindowStart(), stats.get(0).getWindowEnd());
        TreeMap<Instant, Slot> slots = new TreeMap<>();
        for (AudienceStats window : stats) {
            slots.put(
                    window.getWindowStart(),
                    new Slot(window.getWindowStart(), window.getWindowEnd(), window));
        }
        for (TruthPerson person : persons) {
            slotFor(person.leave(), slots, length).persons.add(person);
        }
        for (TrackSummary track : tracks) {
            slotFor(track.getLastSeen(), slots, length).tracks++;
        }
        List<WindowScore> scores = new ArrayList<>(slots.size());
        for (Slot slot : slots.values()) {
            scores.add(slot.score());
        }
        scores.sort(Comparator.comparing(WindowScore::windowStart));
        return scores;
    }

    static WindowSummary summarise(List<WindowScore> windows) {
        long emitted = 0;
        double visitorsError = 0;
        double femaleError = 0;
        long femaleWindows = 0;
        double maskedError = 0;
        long maskedWindows = 0;
        long sexSuppressed = 0;
        long maskSuppressed = 0;
        Double femaleMax = null;
        Double maskedMax = null;
        for (WindowScore window : windows) {
            if (window.visitorsTrue() >= LARGE_WINDOW_MIN_VISITORS) {
                femaleMax = max(femaleMax, window.femaleShareAbsError());
                maskedMax = max(maskedMax, window.maskedShareAbsError());
            }
            emitted += window.emitted() ? 1 : 0;
            visitorsError += Math.abs(window.visitorsError());
            if (window.femaleShareAbsError() != null) {
                femaleError += window.femaleShareAbsError();
                femaleWindows++;
            }
            if (window.maskedShareAbsError() != null) {
                maskedError += window.maskedShareAbsError();
                maskedWindows++;
            }
            sexSuppressed += window.sexSuppressed() ? 1 : 0;
            maskSuppressed += window.maskSuppressed() ? 1 : 0;
        }
        return new WindowSummary(
                windows.size(),
                emitted,
                Ratios.mean(visitorsError, windows.size()),
                Ratios.mean(femaleError, femaleWindows),
                femaleWindows,
                Ratios.mean(maskedError, maskedWindows),
                maskedWindows,
                LARGE_WINDOW_MIN_VISITORS,
                femaleMax,
                maskedMax,
                sexSuppressed,
                maskSuppressed);
    }

    /** The larger of the two, either being null when undefined. */
    private static Double max(Double largest, Double error) {
        if (error == null) {
            return largest;
        }
        return largest == null ? error : Math.max(largest, error);
    }

    /** The window holding {@code time}; made up (aligned, not emitted) when none does yet. */
    private static Slot slotFor(Instant time, TreeMap<Instant, Slot> slots, Duration length) {
        Slot slot = slotOf(time, slots);
        if (slot == null) {
            Instant start = Windows.startOf(time, length);
            slot = new Slot(start, start.plus(length), null);
            slots.put(start, slot);
        }
        return slot;
    }

    /** The window (emitted, or made up earlier) holding {@code time}, if any. */
    private static Slot slotOf(Instant time, TreeMap<Instant, Slot> slots) {
        Map.Entry<Instant, Slot> floor = slots.floorEntry(time);
        return floor != null && time.isBefore(floor.getValue().end) ? floor.getValue() : null;
    }

    private static final class Slot {
        final Instant start;
        final Instant end;
        final AudienceStats stats;
        final List<TruthPerson> persons = new ArrayList<>();
        long tracks;

        Slot(Instant start, Instant end, AudienceStats stats) {
            this.start = start;
            this.end = end;
            this.stats = stats;
        }

        WindowScore score() {
            // The product leaves children's sex undetermined, so its female share is one among
            // visitors 13 and over; the truth's is too (unknown ages count as 13 and over).
            List<TruthPerson> notChildren =
                    persons.stream().filter(p -> !TruthLabels.CHILD.equals(p.ageGroup())).toList();
            long female =
                    notChildren.stream().filter(p -> TruthLabels.FEMALE.equals(p.sex())).count();
            long male = notChildren.stream().filter(p -> TruthLabels.MALE.equals(p.sex())).count();
            long masked = persons.stream().filter(p -> Boolean.TRUE.equals(p.masked())).count();
            long unmasked = persons.stream().filter(p -> Boolean.FALSE.equals(p.masked())).count();
            Double femaleTrue = Ratios.ratio(female, female + male);
            Double maskedTrue = Ratios.ratio(masked, masked + unmasked);
            long counted = stats == null ? 0 : stats.getVisitors();
            Share femaleCounted =
                    stats == null
                            ? Share.NONE
                            : Share.of(stats.getBySex(), TruthLabels.FEMALE, TruthLabels.MALE);
            Share maskedCounted =
                    stats == null ? Share.NONE : Share.of(stats.getByMask(), MASKED, UNMASKED);
            return new WindowScore(
                    start,
                    end,
                    stats != null,
                    persons.size(),
                    counted,
                    counted - persons.size(),
                    tracks,
                    femaleTrue,
                    femaleCounted.value,
                    Ratios.absoluteDifference(femaleCounted.value, femaleTrue),
                    femaleCounted.suppressed,
                    maskedTrue,
                    maskedCounted.value,
                    Ratios.absoluteDifference(maskedCounted.value, maskedTrue),
                    maskedCounted.suppressed);
        }
    }

    /** A published share {@code yes / (yes + no)}, unknown when either cell is suppressed. */
    private record Share(Double value, boolean suppressed) {

        static final Share NONE = new Share(null, false);

        static Share of(Map<String, Cell> cells, String yes, String no) {
            Cell yesCell = cells == null ? null : cells.get(yes);
            Cell noCell = cells == null ? null : cells.get(no);
            if (isSuppressed(yesCell) || isSuppressed(noCell)) {
                return new Share(null, true);
            }
            long yesCount = count(yesCell);
            return new Share(Ratios.ratio(yesCount, yesCount + count(noCell)), false);
        }

        private static boolean isSuppressed(Cell cell) {
            return cell != null && (cell.getSuppressed() || cell.getCount() == null);
        }

        /**
         * An absent cell: nobody had that value (the product writes cells only for values seen).
         */
        private static long count(Cell cell) {
            return cell == null ? 0 : cell.getCount();
        }
    }
}
