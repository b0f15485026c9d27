package io.headcount.inference.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes records through to the transactional results sink and, when the job resumes from a
 * checkpoint, tells the operator whether that checkpoint's Kafka transactions could still be
 * committed. They can unless the job was down longer than the transaction timeout: the broker then
 * aborted those it had not committed, and their results are lost.
 *
 * <p>Flink's {@code KafkaCommitter} commits the restored checkpoint's transactions again. For one
 * it had committed before the stop it logs, at ERROR, that the producer "is already fenced" and
 * that this "most likely signals data loss": it cannot tell a transaction committed before the stop
 * (Kafka's transactions v2 bump the epoch at every commit) from one the broker aborted. This line,
 * written once per restore, says which of the two it can be.
 */
public final class ResumeNotice<T> extends RichMapFunction<T, T> implements CheckpointedFunction {

    private static final Logger LOG = LoggerFactory.getLogger(ResumeNotice.class);

    private final Duration checkpointInterval;
    private final Duration transactionTimeout;
    private transient ListState<Long> checkpointTimes;

    public ResumeNotice(Duration checkpointInterval, Duration transactionTimeout) {
        this.checkpointInterval = Objects.requireNonNull(checkpointInterval, "checkpointInterval");
        this.transactionTimeout = Objects.requireNonNull(transactionTimeout, "transactionTimeout");
    }

    @Override
    public T map(T value) {
        return value;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        checkpointTimes.update(List.of(context.getCheckpointTimestamp()));
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        checkpointTimes =
                context.getOperatorStateStore()
                        .getListState(new ListStateDescriptor<>("checkpoint-time-ms", Types.LONG));
        if (!context.isRestored()
                || getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() != 0) {
            return;
        }
        long newest = Long.MIN_VALUE;
        for (Long time : checkpointTimes.get()) {
            newest = Math.max(newest, time);
        }
        if (newest == Long.MIN_VALUE) {
            return; // a checkpoint of a job version without this operator
        }
        Verdict verdict =
                verdict(
                        context.getRestoredCheckpointId().orElse(-1),
                        Instant.ofEpochMilli(newest),
                        Instant.now(),
                        checkpointInterval,
                        transactionTimeout);
        if (verdict.resultsMayBeLost()) {
            LOG.error("{}", verdict.message());
        } else {
            LOG.info("{}", verdict.message());
        }
    }

    /** What a resume from checkpoint {@code checkpointId}, taken at {@code taken}, means. */
    static Verdict verdict(
            long checkpointId,
            Instant taken,
            Instant now,
            Duration checkpointInterval,
            Duration transactionTimeout) {
        Duration down = Duration.between(taken, now);
        // A checkpoint's transactions began about one interval before it was taken; the broker
        // aborts a transaction that is still open a transaction timeout after it began.
        Instant abortedFrom = taken.minus(checkpointInterval).plus(transactionTimeout);
        if (now.isBefore(abortedFrom)) {
            return new Verdict(
                    false,
                    String.format(
                            "Resumed from checkpoint %d, taken %s ago: within the transaction"
                                    + " timeout (%s), so its Kafka transactions are committed"
                                    + " now if they were not before the stop. For one that was,"
                                    + " Flink's KafkaCommitter logs 'producer is already fenced"
                                    + " ... data loss' (ERROR): a commit of results already"
                                    + " stored, not a loss.",
                            checkpointId, human(down), human(transactionTimeout)));
        }
        return new Verdict(
                true,
                String.format(
                        "Resumed from checkpoint %d, taken %s ago: later than the transaction"
                                + " timeout (%s, kafka.transaction-timeout.ms) allows. The broker"
                                + " has aborted the transactions of that checkpoint that were"
                                + " not committed before the stop. If Flink's KafkaCommitter"
                                + " reports 'producer is already fenced', the results of up to"
                                + " %s of frames before %s are lost, and their windows count"
                                + " fewer frames and visitors than the cameras sent.",
                        checkpointId,
                        human(down),
                        human(transactionTimeout),
                        human(checkpointInterval),
                        taken));
    }

    private static String human(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds < 120) {
            return seconds + " s";
        }
        if (seconds < 2 * 3600) {
            return seconds / 60 + " min";
        }
        return seconds / 3600 + " h";
    }

    /** The line to log, and whether it reports a possible loss. */
    record Verdict(boolean resultsMayBeLost, String message) {}
}
