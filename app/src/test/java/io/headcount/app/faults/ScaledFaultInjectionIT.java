package io.headcount.app.faults;

/**
 * The fault suite spread out as a deployment scales (docs/reliability.md, docs/sizing.md): 4
 * partitions per topic with a camera on each, the inference job at parallelism 2, and two
 * aggregation instances, of which faults kill the first while the second runs on.
 */
class ScaledFaultInjectionIT extends FaultSuite {

    @Override
    Layout layout() {
        return Layout.spread(4, 2, 2);
    }
}
