package io.headcount.aggregation.tracking;

import io.headcount.schemas.FaceObservation;
import io.headcount.schemas.FrameProcessed;
import io.headcount.schemas.codec.AvroCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The pending-frames store's value format: internal state, not a contract. A format version, then
 * the frame records and the observations, each in Avro single-object encoding (so a later schema
 * version still reads them).
 */
public final class PendingFrameSerde
        implements Serde<PendingFrame>, Serializer<PendingFrame>, Deserializer<PendingFrame> {

    static final byte FORMAT_V1 = 1;

    private static final AvroCodec<FrameProcessed> FRAMES = AvroCodec.of(FrameProcessed.class);
    private static final AvroCodec<FaceObservation> OBSERVATIONS =
            AvroCodec.of(FaceObservation.class);

    @Override
    public byte[] serialize(String topic, PendingFrame pending) {
        if (pending == null) {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_V1);
            out.writeInt(pending.frames.size());
            for (FrameProcessed frame : pending.frames) {
                writeBlock(out, FRAMES.encode(frame));
            }
            out.writeInt(pending.observations.size());
            for (FaceObservation observation : pending.observations) {
                writeBlock(out, OBSERVATIONS.encode(observation));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public PendingFrame deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte format = in.readByte();
            if (format != FORMAT_V1) {
                throw new SerializationException("Unknown pending frame format " + format);
            }
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
        } catch (IOException e) {
            throw new SerializationException("Truncated pending frame", e);
        }
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

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {}

    @Override
    public void close() {}

    @Override
    public Serializer<PendingFrame> serializer() {
        return this;
    }

    @Override
    public Deserializer<PendingFrame> deserializer() {
        return this;
    }
}
