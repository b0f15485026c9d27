package io.headcount.core.masks;

import java.util.Locale;
import java.util.Set;

/**
 * Which MaskTheFace template styles count as a face mask, for every place that puts masks on faces:
 * the synthetic camera's overlay (ingest) and the landmark-based augmenter (training). One rule, so
 * that the scenes that score the product and the data that trains it wear the same kinds of mask.
 */
public final class MaskStyles {

    /**
     * Styles left out: a gas mask (a half-face respirator with two filter cartridges) is no face
     * mask a shop camera sees.
     */
    private static final Set<String> NOT_FACE_MASKS = Set.of("gas");

    private MaskStyles() {}

    /** Whether {@code style} (a template name without its view suffix, any case) is a face mask. */
    public static boolean isFaceMask(String style) {
        return !NOT_FACE_MASKS.contains(style.toLowerCase(Locale.ROOT));
    }
}
