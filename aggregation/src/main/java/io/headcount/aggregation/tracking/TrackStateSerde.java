package io.headcount.aggregation.tracking;

import io.headcount.aggregation.serde.StateSerde;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The tracks store's value format: internal state (store and changelog), not a contract; framed and
 * checked by {@link StateSerde}.
 */
public final class TrackStateSerde extends StateSerde<TrackState> {

    /** Sex and mask evidence as their log-odds sum only. */
    static final byte FORMAT_V1 = 1;

    /** Sex and mask evidence with their weight too (the cap of {@link BinaryEvidence}). */
    static final byte FORMAT_V2 = 2;

    public TrackStateSerde() {
        super("track state", FORMAT_V2, 256);
    }

    @Override
    protected boolean reads(byte format) {
        return format == FORMAT_V1 || format == FORMAT_V2;
    }

    @Override
    protected void write(TrackState track, DataOutputStream out) throws IOException {
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
        writeBinary(out, track.female);
        writeCategorical(out, track.ageGroups);
        writeBinary(out, track.masked);
        writeCategorical(out, track.expressions);
        writeStrings(out, track.modelSets);
        writeStringSets(out, track.modelVersions);
    }

    @Override
    protected TrackState read(byte format, DataInputStream in) throws IOException {
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
        BinaryEvidence female = readBinary(format, in);
        CategoricalEvidence ageGroups = readCategorical(in);
        BinaryEvidence masked = readBinary(format, in);
        CategoricalEvidence expressions = readCategorical(in);
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
                readStrings(in),
                readStringSets(in));
    }

    private static void writeBinary(DataOutputStream out, BinaryEvidence evidence)
            throws IOException {
        out.writeDouble(evidence.logOdds());
        out.writeDouble(evidence.weight());
    }

    /**
     * V1 state has no weight: 0, so the sum so far counts as within the cap (a track open across
     * the upgrade may fuse a little more confidently than a new one).
     */
    private static BinaryEvidence readBinary(byte format, DataInputStream in) throws IOException {
        double logOdds = in.readDouble();
        return new BinaryEvidence(logOdds, format == FORMAT_V1 ? 0 : in.readDouble());
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
}
