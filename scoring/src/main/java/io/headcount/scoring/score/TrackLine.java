package io.headcount.scoring.score;

import java.time.Instant;

/**
 * One counted visitor in the report, for finding out why a number is off.
 *
 * @param person the matched person, null for a false visitor
 * @param evidence {@code BOXES}, {@code TIME} or {@code NONE}
 * @param meanIou mean IoU with the person's co-timed boxes (null unless matched by boxes)
 * @param ageGroup the visitor's fused age group; {@code ageGroupTrue} the person's (the truth's
 *     bins)
 * @param mask the visitor's fused mask value; {@code personMasked} and {@code maskType} the
 *     person's (null: unknown)
 */
public record TrackLine(
        String trackId,
        Instant firstSeen,
        Instant lastSeen,
        int observations,
        String person,
        String evidence,
        Double meanIou,
        int idSwitches,
        String sex,
        String sexTrue,
        String ageGroup,
        String ageGroupTrue,
        String mask,
        Boolean personMasked,
        String maskType) {}
