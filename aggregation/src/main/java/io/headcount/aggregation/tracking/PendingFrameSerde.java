package io.headcount.aggregation.tracking;

import io.headcount.aggregation.serde.StateSerde;
import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.FrameProcessed;
import io.headcount.schemas.codec.AvroCodec;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The pending-frames store's value format: internal state, not a contract. A format version ({@link
 * StateSerde}), then the frame records and the observations, each in Avro single-object encoding
 * (so a later schema version still reads them).
 */
public final class PendingFrameSerde extends StateSerde<PendingFrame> {

    static final byte FORMAT_V1 = 1;

    private static final AvroCodec<FrameProcessed> FRAMES = AvroCodec.of(FrameProcessed.class);
    private static final AvroCodec<FaceObservation> OBSERVATIONS =
            AvroCodec.of(FaceObservation.class);

    public PendingFrameSerde() {
        super("pending frame", FORMAT_V1, 512);
    }

    @Override
    protected void write(PendingFrame pending, DataOutputStream out) throws IOException {
        writeBlocks(out, pending.frames, pending.encodedFrames, FRAMES);
        writeBlocks(out, pending.observations, pending.encodedObservations, OBSERVATIONS);
    }

    @Override
    protected PendingFrame read(byte format, DataInputStream in) throws IOException {
        List<byte[]> frameBlocks = readBlocks(in);
        List<FrameProcessed> frames = new ArrayList<>(frameBlocks.size());
        for (byte[] block : frameBlocks) {
            frames.add(FRAMES.decode(block));
        }
        List<byte[]> observationBlocks = readBlocks(in);
        List<FaceObservation> observations = new ArrayList<>(observationBlocks.size());
        for (byte[] block : observationBlocks) {
            observations.add(OBSERVATIONS.decode(block));
        }
        PendingFrame pending = new PendingFrame(frames, observations);
        pending.encodedFrames.addAll(frameBlocks);
        pending.encodedObservations.addAll(observationBlocks);
        return pending;
    }

    /** Encodes only the records not encoded before (kept in {@code encoded}), then writes all. */
    private static <T extends SpecificRecord> void writeBlocks(
            DataOutputStream out, List<T> records, List<byte[]> encoded, AvroCodec<T> codec)
            throws IOException {
        for (int i = encoded.size(); i < records.size(); i++) {
            encoded.add(codec.encode(records.get(i)));
        }
        out.writeInt(records.size());
        for (int i = 0; i < records.size(); i++) {
            writeBlock(out, encoded.get(i));
        }
    }

    private static List<byte[]> readBlocks(DataInputStream in) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > in.available() / Integer.BYTES) {
            throw new SerializationException("Bad record count " + count + " in a pending frame");
        }
        List<byte[]> blocks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            blocks.add(readBlock(in));
        }
        return blocks;
    }

    private static void writeBlock(DataOutputStream out, byte[] block) throws IOException {
        out.writeInt(block.length);
        out.write(block);
    }

    private static byte[] readBlock(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new SerializationException("Bad block length " + length + " in a pending frame");
        }
        byte[] block = new byte[length];
        in.readFully(block);
        return block;
    }
}
