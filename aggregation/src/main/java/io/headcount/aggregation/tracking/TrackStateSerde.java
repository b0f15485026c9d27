package io.headcount.aggregation.tracking;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The tracks store's value format: internal state (store and changelog), not a contract. A leading
 * format version lets a later release read what this one wrote. Sorted collections keep the bytes,
 * and so replays, deterministic.
 */
public final class TrackStateSerde
        implements Serde<TrackState>, Serializer<TrackState>, Deserializer<TrackState> {

    static final byte FORMAT_V1 = 1;

    @Override
    public byte[] serialize(String topic, TrackState track) {
        if (track == null) {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_V1);
            out.writeUTF(track.site);
            out.writeUTF(track.camera);
            out.writeUTF(track.trackId);
            out.writeInt(track.segment);
            out.writeLong(track.firstSeen);
            out.writeLong(track.lastSeen);
            out.writeInt(track.impressions);
            out.writeInt(track.impressionsUsed);
            out.writeBoolean(track.lastFrontal);
            out.writeLong(track.attentionMillis);
            out.writeDouble(track.female.logOdds());
            writeCategorical(out, track.ageGroups);
            out.writeDouble(track.masked.logOdds());
            writeCategorical(out, track.expressions);
            out.writeInt(track.modelSets.size());
            for (String modelSet : track.modelSets) {
                out.writeUTF(modelSet);
            }
            out.writeInt(track.modelVersions.size());
            for (Map.Entry<String, SortedSet<String>> model : track.modelVersions.entrySet()) {
                out.writeUTF(model.getKey());
                out.writeInt(model.getValue().size());
                for (String version : model.getValue()) {
                    out.writeUTF(version);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public TrackState deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte format = in.readByte();
            if (format != FORMAT_V1) {
                throw new SerializationException(
                        "Unknown track state format " + format + " in " + topic);
            }
            String site = in.readUTF();
            String camera = in.readUTF();
            String trackId = in.readUTF();
            int segment = in.readInt();
            long firstSeen = in.readLong();
            long lastSeen = in.readLong();
            int impressions = in.readInt();
            int impressionsUsed = in.readInt();
            boolean lastFrontal = in.readBoolean();
            long attention = in.readLong();
            BinaryEvidence female = new BinaryEvidence(in.readDouble());
            CategoricalEvidence ageGroups = readCategorical(in);
            BinaryEvidence masked = new BinaryEvidence(in.readDouble());
            CategoricalEvidence expressions = readCategorical(in);
            SortedSet<String> modelSets = new TreeSet<>();
            for (int i = in.readInt(); i > 0; i--) {
                modelSets.add(in.readUTF());
            }
            SortedMap<String, SortedSet<String>> modelVersions = new TreeMap<>();
            for (int i = in.readInt(); i > 0; i--) {
                String model = in.readUTF();
                SortedSet<String> versions = new TreeSet<>();
                for (int j = in.readInt(); j > 0; j--) {
                    versions.add(in.readUTF());
                }
                modelVersions.put(model, versions);
            }
            if (in.available() > 0) {
                throw new SerializationException("Trailing bytes after a track state in " + topic);
            }
            return new TrackState(
                    site,
                    camera,
                    trackId,
                    segment,
                    firstSeen,
                    lastSeen,
                    impressions,
                    impressionsUsed,
                    lastFrontal,
                    attention,
                    female,
                    ageGroups,
                    masked,
                    expressions,
                    modelSets,
                    modelVersions);
        } catch (IOException e) {
            throw new SerializationException("Truncated track state in " + topic, e);
        }
    }

    private static void writeCategorical(DataOutputStream out, CategoricalEvidence evidence)
            throws IOException {
        out.writeDouble(evidence.totalWeight());
        out.writeInt(evidence.labels().size());
        for (Map.Entry<String, double[]> label : evidence.labels().entrySet()) {
            out.writeUTF(label.getKey());
            out.writeDouble(label.getValue()[0]);
            out.writeDouble(label.getValue()[1]);
        }
    }

    private static CategoricalEvidence readCategorical(DataInputStream in) throws IOException {
        double total = in.readDouble();
        SortedMap<String, double[]> labels = new TreeMap<>();
        for (int i = in.readInt(); i > 0; i--) {
            String label = in.readUTF();
            labels.put(label, new double[] {in.readDouble(), in.readDouble()});
        }
        return new CategoricalEvidence(labels, total);
    }

    @Override
    public Serializer<TrackState> serializer() {
        return this;
    }

    @Override
    public Deserializer<TrackState> deserializer() {
        return this;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {}

    @Override
    public void close() {}
}
