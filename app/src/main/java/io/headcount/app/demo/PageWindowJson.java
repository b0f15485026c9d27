package io.headcount.app.demo;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.headcount.aggregation.api.WindowView;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One closed window as the page reads it: the REST API's {@link WindowView} (its cells and
 * percentiles as they are) under the page's field names, times in epoch milliseconds, without the
 * model fields. A suppressed cell is {@code {"count": null, "suppressed": true}}, so the page can
 * never draw it as a number.
 */
final class PageWindowJson extends StdSerializer<WindowView> {

    PageWindowJson() {
        super(WindowView.class);
    }

    @Override
    public void serialize(WindowView window, JsonGenerator out, SerializerProvider provider)
            throws IOException {
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("site", window.site());
        page.put("camera", window.camera());
        page.put("start", window.start().toEpochMilli());
        page.put("end", Instant.parse(window.windowEnd()).toEpochMilli());
        page.put("frames", window.frames());
        page.put("faces", window.faceObservations());
        page.put("visitors", window.visitors());
        page.put("sex", window.bySex());
        page.put("ageGroup", window.byAgeGroup());
        page.put("mask", window.byMask());
        page.put("expression", window.byExpression());
        page.put("dwellMillis", window.dwellMillis());
        page.put("attentionMillis", window.attentionMillis());
        provider.defaultSerializeValue(page, out);
    }
}
