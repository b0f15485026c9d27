package io.headcount.vision.attributes;

import java.util.List;

/** The attribute heads configuration can choose, by name ({@code attributes.heads}). */
public final class AttributeHeads {

    /** Every head, in the order they run. */
    public static final List<String> NAMES =
            List.of(SexAgeHead.ROLE, ExpressionHead.ROLE, MaskHead.ROLE);

    private AttributeHeads() {}

    static void requireKnown(String name) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException(
                    "unknown attribute head " + name + "; known: " + NAMES);
        }
    }

    /** Opens the head {@code name} with its model from the settings' manifest. */
    public static AttributeHead open(String name, AttributeSettings settings) {
        requireKnown(name);
        return switch (name) {
            case SexAgeHead.ROLE -> SexAgeHead.open(settings.manifest().model(name), settings);
            case ExpressionHead.ROLE ->
                    ExpressionHead.open(settings.manifest().model(name), settings);
            case MaskHead.ROLE -> MaskHead.open(settings.manifest().model(name), settings);
            default -> throw new IllegalStateException(name);
        };
    }
}
