package io.headcount.aggregation.counting;

import io.headcount.aggregation.domain.SiteCamera;
import io.headcount.aggregation.metrics.AggregationMetrics;
import io.headcount.schemas.AudienceStats;
import io.headcount.schemas.Cell;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Keeps each emitted {@link AudienceStats} (already suppressed) in the queryable window store the
 * REST API reads, keyed {@code site/camera} at the window's start, and counts it in the audience
 * metrics; then forwards it unchanged to the output topic. The store and the output hold the same
 * records, written in the same transaction, so the API never shows a raw or unemitted window.
 */
public final class EmittedStatsRecorder
        implements FixedKeyProcessor<String, AudienceStats, AudienceStats> {

    private final String storeName;
    private FixedKeyProcessorContext<String, AudienceStats> context;
    private WindowStore<String, AudienceStats> store;
    private MeterRegistry registry;

    public EmittedStatsRecorder(String storeName) {
        this.storeName = storeName;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, AudienceStats> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        this.registry = AggregationMetrics.registryFrom(context.appConfigs());
    }

    @Override
    public void process(FixedKeyRecord<String, AudienceStats> record) {
        AudienceStats stats = record.value();
        String site = stats.getSite();
        String camera = stats.getCamera();
        store.put(new SiteCamera(site, camera).key(), stats, stats.getWindowStart().toEpochMilli());
        count(stats, site, camera);
        context.forward(record);
    }

    /** Metrics only: a replay after a crash may count a window again. */
    private void count(AudienceStats stats, String site, String camera) {
        AggregationMetrics.perCamera(registry, AggregationMetrics.WINDOWS_EMITTED, site, camera)
                .increment();
        AggregationMetrics.perCamera(registry, AggregationMetrics.VISITORS, site, camera)
                .increment(stats.getVisitors());
        AggregationMetrics.perCamera(registry, AggregationMetrics.FRAMES, site, camera)
                .increment(stats.getFrames());
        AggregationMetrics.perCamera(registry, AggregationMetrics.FACE_OBSERVATIONS, site, camera)
                .increment(stats.getFaceObservations());
        cells(site, camera, "sex", stats.getBySex());
        cells(site, camera, "age", stats.getByAgeGroup());
        cells(site, camera, "mask", stats.getByMask());
        cells(site, camera, "expression", stats.getByExpression());
    }

    private void cells(String site, String camera, String attribute, Map<String, Cell> cells) {
        cells.forEach(
                (value, cell) -> {
                    if (cell.getSuppressed() || cell.getCount() == null) {
                        AggregationMetrics.suppressedCells(registry, site, camera, attribute)
                                .increment();
                    } else {
                        AggregationMetrics.attributeVisitors(
                                        registry, site, camera, attribute, value)
                                .increment(cell.getCount());
                    }
                });
    }
}
