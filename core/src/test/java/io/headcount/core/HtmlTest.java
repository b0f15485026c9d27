package io.headcount.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTest {

    @Test
    void markupAndQuotesBecomeEntities() {
        assertThat(Html.escape("<a href=\"x\">R&D</a>"))
                .isEqualTo("&lt;a href=&quot;x&quot;&gt;R&amp;D&lt;/a&gt;");
        assertThat(Html.escape("plain text")).isEqualTo("plain text");
    }
}
