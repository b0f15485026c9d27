package io.headcount.scoring.score;

/**
 * The windows taken together.
 *
 * @param visitorsMeanAbsError mean over windows of |counted − true|
 * @param femaleShareMeanAbsError mean of the female-share error over the windows that have one
 *     ({@code femaleShareWindows} of them)
 * @param largeWindowMinVisitors the fewest true visitors of a window that the max errors look at
 * @param femaleShareMaxAbsError the largest female-share error over the windows with at least
 *     {@code largeWindowMinVisitors} true visitors that have one (the target is per window: 5
 *     points); {@code maskedShareMaxAbsError} the same for the masked share
 */
public record WindowSummary(
        long windows,
        long windowsEmitted,
        Double visitorsMeanAbsError,
        Double femaleShareMeanAbsError,
        long femaleShareWindows,
        Double maskedShareMeanAbsError,
        long maskedShareWindows,
        long largeWindowMinVisitors,
        Double femaleShareMaxAbsError,
        Double maskedShareMaxAbsError,
        long windowsSexSuppressed,
        long windowsMaskSuppressed) {}
