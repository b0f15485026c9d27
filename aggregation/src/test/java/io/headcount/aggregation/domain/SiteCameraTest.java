package io.headcount.aggregation.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SiteCameraTest {

    @Test
    void plainIdsFormTheKeyAsTheyAre() {
        SiteCamera cell = new SiteCamera("store-berlin-1", "entrance-left");

        assertThat(cell.key()).isEqualTo("store-berlin-1/entrance-left");
        assertThat(cell.windowKey(1_772_445_600_000L))
                .isEqualTo("store-berlin-1/entrance-left/1772445600000");
        assertThat(SiteCamera.parse(cell.key())).isEqualTo(cell);
    }

    @Test
    void slashesAndPercentSignsInIdsKeepKeysDistinctAndReversible() {
        SiteCamera slashInSite = new SiteCamera("mall/north", "door");
        SiteCamera slashInCamera = new SiteCamera("mall", "north/door");
        SiteCamera literalEscape = new SiteCamera("mall%2Fnorth", "door");

        assertThat(slashInSite.key()).isEqualTo("mall%2Fnorth/door");
        assertThat(literalEscape.key()).isEqualTo("mall%252Fnorth/door");
        assertThat(slashInCamera.key()).isNotEqualTo(slashInSite.key());
        for (SiteCamera cell : new SiteCamera[] {slashInSite, slashInCamera, literalEscape}) {
            assertThat(SiteCamera.parse(cell.key())).isEqualTo(cell);
        }
    }

    @Test
    void textThatIsNotAKeyIsRejected() {
        assertThatThrownBy(() -> SiteCamera.parse("no-slash"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SiteCamera.parse("a/b/c"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fixedWidthHexIsWhatTheFormatWrote() {
        for (long value : new long[] {0, 1, 0xabc, 1_764_000_000_000L, Long.MAX_VALUE, -1}) {
            assertThat(SiteCamera.fixedWidthHex(value))
                    .as("%d", value)
                    .isEqualTo(String.format("%016x", value));
        }
    }
}
