package io.headcount.vision.attributes;

import io.headcount.core.attributes.Attribute;
import java.util.Set;

/**
 * One attribute model and its pre- and post-processing. Heads are chosen by configuration ({@code
 * attributes.heads}); each owns a native session, opened when the head is created and released by
 * {@link #close()}.
 */
public interface AttributeHead extends AutoCloseable {

    /** The head's name and its model's role in the manifest, e.g. {@code sex-age}. */
    String role();

    /** The attributes this head fills: it need not run where all of them are switched off. */
    default Set<Attribute> attributes() {
        return AttributeHeads.attributesOf(role());
    }

    /** {@code name@version} of the model. */
    String modelVersion();

    /**
     * Fills this head's attributes of every face of {@code batch} into {@code into} (same order).
     */
    void describe(FaceBatch batch, AttributeValues[] into);

    /**
     * As {@link #describe(FaceBatch, AttributeValues[])} for a site that switched {@code
     * switchedOff} off; a head that fills several attributes computes no switched-off one it can
     * leave out (a model whose one pass gives them all still runs for the others).
     */
    default void describe(FaceBatch batch, AttributeValues[] into, Set<Attribute> switchedOff) {
        describe(batch, into);
    }

    /** Time spent in the model during the last {@link #describe}, in nanoseconds. */
    long lastModelNanos();

    @Override
    void close();
}
