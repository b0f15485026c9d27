package io.headcount.core.masks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaskStylesTest {

    @Test
    void aGasMaskIsNoFaceMaskInAnyCase() {
        assertThat(MaskStyles.isFaceMask("gas")).isFalse();
        assertThat(MaskStyles.isFaceMask("GAS")).isFalse();
        assertThat(MaskStyles.isFaceMask("surgical_blue")).isTrue();
        assertThat(MaskStyles.isFaceMask("N95")).isTrue();
    }
}
