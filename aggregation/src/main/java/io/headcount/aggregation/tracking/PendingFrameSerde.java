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
        out.writeInt(pending.frames.size());
        for (FrameProcessed frame : pending.frames) {
            writeBlock(out, FRAMES.encode(frame));
        }
        out.writeInt(pending.observations.size());
        for (FaceObservation observation : pending.observations) {
            writeBlock(out, OBSERVATIONS.encode(observation));
        }
    }

    @Override
    protected PendingFrame read(byte format, DataInputStream in) throws IOException {
        int frameCount = in.readInt();
        List<FrameProcessed> frames = new ArrayList<>(frameCount);
        for (int i = 0; i < frameCount; i++) {
            frames.add(FRAMES.decode(readBlock(in)));
        }
        int observationCount = in.readInt();
        List<FaceObservation> observations = new ArrayList<>(observationCount);
        for (int i = 0; i < observationCount; i++) {
            observations.add(OBSERVATIONS.decode(readBlock(in)));
        }
        return new PendingFrame(frames, observations);
    }

    private static void writeBlock(DataOutputStream out, byte[] block) throws IOException {
        out.writeInt(block.length);
        out.write(block);
    }

    private static byte[] readBlock(DataInputStream in) throws IOException {
        byte[] block = new byte[in.readInt()];
        in.readFully(block);
        return block;
    }
}
