package io.headcount.aggregation.tracking;

import io.headcount.aggregation.counting.AudienceStatsMapping;
import io.headcount.aggregation.domain.Fused;
import io.headcount.aggregation.domain.SiteCamera;
import io.headcount.core.attributes.Attribute;
import io.headcount.schemas.AttributeProbabilities;
import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.FusedAttribute;
import io.headcount.schemas.TrackSummary;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An open track: everything fusion needs, folded in impression by impression, so the stored value
 * stays small however long the track (no impression list). Mutable; it lives in the tracks store
 * between records ({@link TrackStateSerde}).
 *
 * <p>Attention: the time between two consecutive impressions counts when both faces were frontal
 * (|yaw| below the threshold; an unknown yaw is not frontal). An impression older than the track's
 * last one (out of order) adds to counts and attributes but not to attention.
 */
public final class TrackState {

    final String site;
    final String camera;
    final String trackId;

    /** 0 for a track's first segment, n for the n-th split at the maximum duration. */
    final int segment;

    long firstSeen;
    long lastSeen;
    int impressions;
    int impressionsUsed;
    boolean lastFrontal;
    long attentionMillis;
    final BinaryEvidence female;
    final CategoricalEvidence ageGroups;
    final BinaryEvidence masked;
    final CategoricalEvidence expressions;
    final SortedSet<String> modelSets;
    final SortedMap<String, SortedSet<String>> modelVersions;

    TrackState(
            String site,
            String camera,
            String trackId,
            int segment,
            long firstSeen,
            long lastSeen,
            int impressions,
            int impressionsUsed,
            boolean lastFrontal,
            long attentionMillis,
            BinaryEvidence female,
            CategoricalEvidence ageGroups,
            BinaryEvidence masked,
            CategoricalEvidence expressions,
            SortedSet<String> modelSets,
            SortedMap<String, SortedSet<String>> modelVersions) {
        this.site = site;
        this.camera = camera;
        this.trackId = trackId;
        this.segment = segment;
        this.firstSeen = firstSeen;
        this.lastSeen = lastSeen;
        this.impressions = impressions;
        this.impressionsUsed = impressionsUsed;
        this.lastFrontal = lastFrontal;
        this.attentionMillis = attentionMillis;
        this.female = female;
        this.ageGroups = ageGroups;
        this.masked = masked;
        this.expressions = expressions;
        this.modelSets = modelSets;
        this.modelVersions = modelVersions;
    }

    /** A new track (segment) that starts with no impression yet. */
    static TrackState start(String site, String camera, String trackId, int segment, long time) {
        return new TrackState(
                site,
                camera,
                trackId,
                segment,
                time,
                time,
                0,
                0,
                false,
                0,
                new BinaryEvidence(),
                new CategoricalEvidence(),
                new BinaryEvidence(),
                new CategoricalEvidence(),
                new TreeSet<>(),
                new TreeMap<>());
    }

    /** Folds in one impression; switched-off attributes are not even accumulated. */
    void add(FaceObservation observation, long time, FusionRules rules) {
        boolean frontal =
                observation.getQuality().getYaw() != null
                        && Math.abs(observation.getQuality().getYaw())
                                < rules.attentionMaxYawDegrees();
        if (impressions == 0) {
            firstSeen = time;
            lastSeen = time;
            lastFrontal = frontal;
        } else if (time >= lastSeen) {
            if (lastFrontal && frontal) {
                attentionMillis += time - lastSeen;
            }
            lastSeen = time;
            lastFrontal = frontal;
        } else {
            firstSeen = Math.min(firstSeen, time);
        }
        impressions++;

        double weight = ImpressionWeight.of(observation.getQuality());
        AttributeProbabilities p = observation.getAttributes();
        boolean used = false;
        if (rules.enabled(site, Attribute.SEX)) {
            used |= female.add(p.getFemale(), weight);
        }
        if (rules.enabled(site, Attribute.AGE)) {
            used |= ageGroups.add(p.getAgeGroups(), weight);
        }
        if (rules.enabled(site, Attribute.MASK)) {
            used |= masked.add(p.getMasked(), weight);
        }
        if (rules.enabled(site, Attribute.EXPRESSION)) {
            used |= expressions.add(p.getExpressions(), weight);
        }
        if (used) {
            impressionsUsed++;
        }
        modelSets.add(observation.getModelSet());
        observation
                .getModelVersions()
                .forEach(
                        (model, version) ->
                                modelVersions
                                        .computeIfAbsent(model.toString(), m -> new TreeSet<>())
                                        .add(version.toString()));
    }

    boolean isConfirmed(TrackRules rules) {
        return rules.confirms(impressions, firstSeen, lastSeen);
    }

    /** The summary id: the tracker's id, suffixed {@code #n} for the n-th split of a long track. */
    String summaryTrackId() {
        return segment == 0 ? trackId : trackId + "#" + segment;
    }

    /**
     * Key on the tracks topic: {@code camera/trackId}, percent-encoded as {@link SiteCamera} does.
     */
    String summaryKey() {
        return SiteCamera.trackKey(camera, summaryTrackId());
    }

    TrackSummary summarize(FusionRules rules) {
        double threshold = rules.confidenceThreshold();
        Map<String, String> versions = new LinkedHashMap<>();
        modelVersions.forEach(
                (model, seen) ->
                        versions.put(
                                model, String.join(AudienceStatsMapping.VERSION_SEPARATOR, seen)));
        return TrackSummary.newBuilder()
                .setSite(site)
                .setCamera(camera)
                .setTrackId(summaryTrackId())
                .setFirstSeen(Instant.ofEpochMilli(firstSeen))
                .setLastSeen(Instant.ofEpochMilli(lastSeen))
                .setImpressions(impressions)
                .setImpressionsUsed(impressionsUsed)
                .setDwellMillis(lastSeen - firstSeen)
                .setAttentionMillis(attentionMillis)
                .setSex(
                        fuseIf(
                                rules,
                                Attribute.SEX,
                                FusionRules.fuseSex(female, ageGroups, threshold)))
                .setAgeGroup(fuseIf(rules, Attribute.AGE, ageGroups.fuse(threshold)))
                .setMasked(
                        fuseIf(
                                rules,
                                Attribute.MASK,
                                masked.fuse(Fused.MASKED, Fused.UNMASKED, threshold)))
                .setExpression(fuseIf(rules, Attribute.EXPRESSION, expressions.fuse(threshold)))
                .setModelSet(String.join(AudienceStatsMapping.MODEL_SET_SEPARATOR, modelSets))
                .setModelVersions(versions)
                .build();
    }

    private FusedAttribute fuseIf(FusionRules rules, Attribute attribute, FusedAttribute fused) {
        return rules.enabled(site, attribute) ? fused : null;
    }
}
