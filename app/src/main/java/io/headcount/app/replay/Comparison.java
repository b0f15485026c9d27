package io.headcount.app.replay;

import io.headcount.schemas.AudienceStats;
import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.FusedAttribute;
import io.headcount.schemas.TrackSummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The differences between production and a candidate over one range, as a JSON-ready tree (maps,
 * lists, numbers, strings): totals, each window, attribute shares of the visitors, per-visitor
 * agreement of matched tracks ({@link TrackMatcher}) and confidence histograms.
 *
 * <p>Attribute shares come from the visitors ({@code tracks}), not from the windows' breakdown
 * cells, which small-cell suppression hides below k. The report is internal, like {@code tracks}:
 * counts per attribute value over a range, never a single visitor.
 */
public final class Comparison {

    /** Attributes of a {@code TrackSummary}, by report name. */
    static final Map<String, Function<TrackSummary, FusedAttribute>> ATTRIBUTES = attributes();

    /** Histogram bins over [0, 1]. */
    static final int BINS = 20;

    private Comparison() {}

    public static Map<String, Object> of(
            TimeRange range,
            String candidateModelSet,
            RangeSnapshot production,
            RangeSnapshot candidate) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("from", range.from().toString());
        report.put("to", range.to().toString());
        report.put("candidate", candidateModelSet);
        report.put(
                "modelSets",
                Map.of(
                        "production", modelSets(production),
                        "candidate", modelSets(candidate)));
        Map<String, Object> totals = new LinkedHashMap<>();
        Map<String, Long> productionTotals = totals(production);
        Map<String, Long> candidateTotals = totals(candidate);
        Map<String, Long> difference = new LinkedHashMap<>();
        productionTotals.forEach(
                (key, value) -> difference.put(key, candidateTotals.get(key) - value));
        totals.put("production", productionTotals);
        totals.put("candidate", candidateTotals);
        totals.put("difference", difference);
        report.put("totals", totals);
        report.put("windows", windows(production, candidate));
        Map<String, Object> shares = new LinkedHashMap<>();
        ATTRIBUTES.forEach(
                (name, attribute) ->
                        shares.put(
                                name,
                                Map.of(
                                        "production", shares(production.tracks(), attribute),
                                        "candidate", shares(candidate.tracks(), attribute))));
        report.put("attributes", shares);
        report.put("tracks", tracks(TrackMatcher.match(production, candidate)));
        report.put("confidence", confidence(production, candidate));
        return report;
    }

    private static List<String> modelSets(RangeSnapshot side) {
        TreeSet<String> sets = new TreeSet<>();
        side.windows().forEach(window -> sets.add(window.getModelSet()));
        side.observations().forEach(face -> sets.add(face.getModelSet()));
        return List.copyOf(sets);
    }

    private static Map<String, Long> totals(RangeSnapshot side) {
        Map<String, Long> totals = new LinkedHashMap<>();
        totals.put("windows", (long) side.windows().size());
        totals.put("frames", side.windows().stream().mapToLong(AudienceStats::getFrames).sum());
        totals.put(
                "faceObservations",
                side.windows().stream().mapToLong(AudienceStats::getFaceObservations).sum());
        totals.put("visitors", side.windows().stream().mapToLong(AudienceStats::getVisitors).sum());
        totals.put("tracks", (long) side.tracks().size());
        return totals;
    }

    private static List<Object> windows(RangeSnapshot production, RangeSnapshot candidate) {
        Map<String, AudienceStats[]> byKey = new TreeMap<>();
        production
                .windows()
                .forEach(
                        window ->
                                byKey.computeIfAbsent(key(window), k -> new AudienceStats[2])[0] =
                                        window);
        candidate
                .windows()
                .forEach(
                        window ->
                                byKey.computeIfAbsent(key(window), k -> new AudienceStats[2])[1] =
                                        window);
        List<Object> windows = new ArrayList<>();
        byKey.values()
                .forEach(
                        pair -> {
                            AudienceStats any = pair[0] != null ? pair[0] : pair[1];
                            Map<String, Object> window = new LinkedHashMap<>();
                            window.put("site", any.getSite());
                            window.put("camera", any.getCamera());
                            window.put("windowStart", any.getWindowStart().toString());
                            window.put("production", counts(pair[0]));
                            window.put("candidate", counts(pair[1]));
                            windows.add(window);
                        });
        return windows;
    }

    private static String key(AudienceStats window) {
        return window.getSite() + "/" + window.getCamera() + "/" + window.getWindowStart();
    }

    private static Map<String, Long> counts(AudienceStats window) {
        if (window == null) {
            return null;
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("frames", window.getFrames());
        counts.put("faceObservations", window.getFaceObservations());
        counts.put("visitors", window.getVisitors());
        return counts;
    }

    /** Value → {count, share} over the visitors with the attribute (null: switched off). */
    static Map<String, Object> shares(
            List<TrackSummary> tracks, Function<TrackSummary, FusedAttribute> attribute) {
        Map<String, Long> counts = new TreeMap<>();
        long total = 0;
        for (TrackSummary track : tracks) {
            FusedAttribute value = attribute.apply(track);
            if (value != null) {
                counts.merge(value.getValue(), 1L, Long::sum);
                total++;
            }
        }
        Map<String, Object> shares = new LinkedHashMap<>();
        for (Map.Entry<String, Long> entry : counts.entrySet()) {
            shares.put(
                    entry.getKey(),
                    Map.of("count", entry.getValue(), "share", (double) entry.getValue() / total));
        }
        return shares;
    }

    private static Map<String, Object> tracks(TrackMatcher.Result match) {
        Map<String, Object> tracks = new LinkedHashMap<>();
        tracks.put("matched", match.pairs().size());
        tracks.put("productionOnly", match.productionOnly().size());
        tracks.put("candidateOnly", match.candidateOnly().size());
        tracks.put(
                "matching",
                "same site and camera, temporal IoU >= "
                        + TrackMatcher.MIN_TIME_IOU
                        + ", mean-box IoU >= "
                        + TrackMatcher.MIN_BOX_IOU
                        + " where both have observations; greedy, best first");
        Map<String, Object> agreement = new LinkedHashMap<>();
        ATTRIBUTES.forEach(
                (name, attribute) -> {
                    long compared = 0;
                    long agree = 0;
                    double confidenceDifference = 0;
                    Map<String, Map<String, Long>> confusion = new TreeMap<>();
                    for (TrackMatcher.Pair pair : match.pairs()) {
                        FusedAttribute a = attribute.apply(pair.production());
                        FusedAttribute b = attribute.apply(pair.candidate());
                        if (a == null || b == null) {
                            continue;
                        }
                        compared++;
                        if (a.getValue().equals(b.getValue())) {
                            agree++;
                        }
                        confidenceDifference += Math.abs(a.getConfidence() - b.getConfidence());
                        confusion
                                .computeIfAbsent(a.getValue(), k -> new TreeMap<>())
                                .merge(b.getValue(), 1L, Long::sum);
                    }
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("compared", compared);
                    result.put("agree", agree);
                    result.put("rate", compared == 0 ? null : (double) agree / compared);
                    result.put(
                            "meanAbsConfidenceDifference",
                            compared == 0 ? null : confidenceDifference / compared);
                    result.put("confusion", confusion);
                    agreement.put(name, result);
                });
        tracks.put("agreement", agreement);
        long dwell = 0;
        long impressions = 0;
        for (TrackMatcher.Pair pair : match.pairs()) {
            dwell +=
                    Math.abs(
                            pair.production().getDwellMillis() - pair.candidate().getDwellMillis());
            impressions +=
                    Math.abs(
                            pair.production().getImpressions() - pair.candidate().getImpressions());
        }
        int pairs = match.pairs().size();
        tracks.put("meanAbsDwellDifferenceMillis", pairs == 0 ? null : (double) dwell / pairs);
        tracks.put(
                "meanAbsImpressionsDifference", pairs == 0 ? null : (double) impressions / pairs);
        return tracks;
    }

    private static Map<String, Object> confidence(
            RangeSnapshot production, RangeSnapshot candidate) {
        Map<String, Object> confidence = new LinkedHashMap<>();
        List<Double> edges = new ArrayList<>();
        for (int bin = 0; bin <= BINS; bin++) {
            edges.add((double) bin / BINS);
        }
        confidence.put("binEdges", edges);
        confidence.put(
                "detectionScore",
                Map.of(
                        "production",
                                histogram(
                                        production.observations().stream()
                                                .map(FaceObservation::getDetectionScore)
                                                .toList()),
                        "candidate",
                                histogram(
                                        candidate.observations().stream()
                                                .map(FaceObservation::getDetectionScore)
                                                .toList())));
        ATTRIBUTES.forEach(
                (name, attribute) ->
                        confidence.put(
                                name,
                                Map.of(
                                        "production",
                                                histogram(
                                                        fusedConfidences(
                                                                production.tracks(), attribute)),
                                        "candidate",
                                                histogram(
                                                        fusedConfidences(
                                                                candidate.tracks(), attribute)))));
        return confidence;
    }

    private static List<Float> fusedConfidences(
            List<TrackSummary> tracks, Function<TrackSummary, FusedAttribute> attribute) {
        return tracks.stream()
                .map(attribute)
                .filter(value -> value != null)
                .map(FusedAttribute::getConfidence)
                .toList();
    }

    static List<Long> histogram(List<Float> values) {
        long[] counts = new long[BINS];
        for (float value : values) {
            counts[Math.min(BINS - 1, Math.max(0, (int) (value * BINS)))]++;
        }
        List<Long> histogram = new ArrayList<>();
        for (long count : counts) {
            histogram.add(count);
        }
        return histogram;
    }

    private static Map<String, Function<TrackSummary, FusedAttribute>> attributes() {
        Map<String, Function<TrackSummary, FusedAttribute>> attributes = new LinkedHashMap<>();
        attributes.put("sex", TrackSummary::getSex);
        attributes.put("ageGroup", TrackSummary::getAgeGroup);
        attributes.put("mask", TrackSummary::getMasked);
        attributes.put("expression", TrackSummary::getExpression);
        return java.util.Collections.unmodifiableMap(attributes);
    }
}
