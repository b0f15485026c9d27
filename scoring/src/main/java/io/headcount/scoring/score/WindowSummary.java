package io.headcount.scoring.score;

/**
 * The windows taken together.
 *
 * @param visitorsMeanAbsError mean over windows of |counted − true|
 * @param femaleShareMeanAbsError mean of the female-share error over the windows that have one
 *     ({@code femaleShareWindows} of them)
 */
public record WindowSummary(
        long windows,
        long windowsEmitted,
        Double visitorsMeanAbsError,
        Double femaleShareMeanAbsError,
        long femaleShareWindows,
        Double maskedShareMeanAbsError,
        long maskedShareWindows,
        long windowsSexSuppressed,
        long windowsMaskSuppressed) {}
