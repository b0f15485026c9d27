package io.headcount.vision.attributes;

import io.headcount.core.attributes.Attribute;
import io.headcount.vision.models.ModelEntry;
import java.util.List;
import java.util.Set;

/** The attribute heads configuration can choose, by name ({@code attributes.heads}). */
public final class AttributeHeads {

    /**
     * Every head, in the order they run: {@link SexHead} after {@link SexAgeHead}, so that its sex
     * answer replaces face-api's.
     */
    public static final List<String> NAMES =
            List.of(SexAgeHead.ROLE, SexHead.ROLE, ExpressionHead.ROLE, MaskHead.ROLE);

    /** Heads that run only where the model set declares their model (older sets have none). */
    public static final List<String> OPTIONAL = List.of(SexHead.ROLE);

    private AttributeHeads() {}

    static void requireKnown(String name) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException(
                    "unknown attribute head " + name + "; known: " + NAMES);
        }
    }

    /**
     * The attributes head {@code name} fills, whatever model set it runs (a {@link SexAgeHead} may
     * fill mask too, see {@link SexAgeHead#attributes()}).
     */
    public static Set<Attribute> attributesOf(String name) {
        requireKnown(name);
        return switch (name) {
            case SexAgeHead.ROLE -> Set.of(Attribute.SEX, Attribute.AGE);
            case SexHead.ROLE -> Set.of(Attribute.SEX);
            case ExpressionHead.ROLE -> Set.of(Attribute.EXPRESSION);
            case MaskHead.ROLE -> Set.of(Attribute.MASK);
            default -> throw new IllegalStateException(name);
        };
    }

    /** The crop a crop-based head feeds its model ({@code cropScale} for face-api's square). */
    public static FaceCrop crop(String name, ModelEntry entry, float cropScale) {
        return SexHead.ROLE.equals(name)
                ? SexHead.crop(entry)
                : new FaceCrop(entry.input().dimension(2), cropScale);
    }

    /** Opens the head {@code name} with its model from the settings' manifest. */
    public static AttributeHead open(String name, AttributeSettings settings) {
        requireKnown(name);
        return switch (name) {
            case SexAgeHead.ROLE -> SexAgeHead.open(settings.manifest().model(name), settings);
            case SexHead.ROLE -> SexHead.open(settings.manifest().model(name), settings);
            case ExpressionHead.ROLE ->
                    ExpressionHead.open(settings.manifest().model(name), settings);
            case MaskHead.ROLE -> MaskHead.open(settings.manifest().model(name), settings);
            default -> throw new IllegalStateException(name);
        };
    }
}
