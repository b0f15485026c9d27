package io.headcount.inference.functions;

import io.headcount.inference.records.RawRecord;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

/**
 * Decodes frames ({@link FrameDecoding}: Avro, capture time, JPEG, and what {@link
 * ModelInputPreparation} makes for the models, the frame-level mask detector included) on a thread
 * of its own, so that the next frames decode while the task thread runs the detector and the face
 * models on the current one: the machine has more than one core. Used through Flink's ordered async
 * I/O ({@code AsyncDataStream.orderedWait}): results leave in input order, watermarks stay behind
 * the frames before them, and the frames in flight are part of every checkpoint (and decoded again
 * after a restore), so nothing is lost or reordered.
 *
 * <p>Bad records are not errors here: they come out as refused {@link DecodeAttempt}s, and {@link
 * DecodeFrameFunction} turns them into dead letters. An unexpected exception fails the record's
 * future and so the job, as it would on the task thread.
 */
public final class PrepareFrameFunction extends RichAsyncFunction<RawRecord, DecodeAttempt> {

    private static final long serialVersionUID = 1L;

    private final FrameDecoding decoding;

    private transient ExecutorService executor;

    public PrepareFrameFunction(FrameDecoding decoding) {
        this.decoding = decoding;
    }

    @Override
    public void open(OpenContext openContext) {
        // One thread: FrameDecoding is not thread-safe, and one decoder keeps up with the models.
        String name = "prepare-frame-" + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        executor =
                Executors.newSingleThreadExecutor(
                        runnable -> {
                            Thread thread = new Thread(runnable, name);
                            thread.setDaemon(true);
                            return thread;
                        });
        // Here, not on the executor: a model that fails to load fails the task at once. The
        // executor's first task sees what open wrote (happens-before of execute).
        decoding.open();
    }

    @Override
    public void asyncInvoke(RawRecord record, ResultFuture<DecodeAttempt> result) {
        try {
            executor.execute(
                    () -> {
                        try {
                            result.complete(List.of(decoding.attempt(record)));
                        } catch (Throwable e) {
                            result.completeExceptionally(e);
                        }
                    });
        } catch (RejectedExecutionException e) {
            // Closing: the record stays in the operator's state and is decoded after a restart.
            result.completeExceptionally(e);
        }
    }

    @Override
    public void close() throws Exception {
        boolean stopped = true;
        if (executor != null) {
            executor.shutdownNow();
            stopped = executor.awaitTermination(10, TimeUnit.SECONDS);
            executor = null;
        }
        // Only once the executor's thread ended: a native session closed under a running model
        // crashes the process; one left open is reclaimed with it.
        if (stopped) {
            decoding.close();
        }
    }
}
