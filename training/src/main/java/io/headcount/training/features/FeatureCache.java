package io.headcount.training.features;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Extracted samples in a binary file, so that training runs again without running the backbone over
 * thousands of faces. The file starts with a key describing what was extracted; a file with another
 * key is not used.
 */
public final class FeatureCache {

    private static final int MAGIC = 0x48434632; // "HCF2": features, then view features

    private FeatureCache() {}

    public static void write(Path file, String key, List<Sample> samples) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (DataOutputStream out =
                new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temp)))) {
            out.writeInt(MAGIC);
            out.writeUTF(key);
            out.writeInt(samples.size());
            for (Sample s : samples) {
                for (String text :
                        List.of(
                                s.file(),
                                s.variant(),
                                s.set(),
                                s.sex(),
                                s.ageGroup(),
                                s.race(),
                                s.identity(),
                                s.masked())) {
                    out.writeUTF(text);
                }
                out.writeBoolean(s.detected());
                out.writeBoolean(s.usable());
                out.writeFloat(s.baselineFemale());
                for (float[] features : List.of(s.features(), s.viewFeatures())) {
                    out.writeInt(features.length);
                    for (float f : features) {
                        out.writeFloat(f);
                    }
                }
            }
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The samples of {@code file} if it was written with {@code key}; null otherwise. */
    public static List<Sample> read(Path file, String key) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (DataInputStream in =
                new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != MAGIC || !in.readUTF().equals(key)) {
                return null;
            }
            int count = in.readInt();
            List<Sample> samples = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String[] text = new String[8];
                for (int t = 0; t < text.length; t++) {
                    text[t] = in.readUTF();
                }
                boolean detected = in.readBoolean();
                boolean usable = in.readBoolean();
                float female = in.readFloat();
                float[] features = floats(in);
                float[] viewFeatures = floats(in);
                samples.add(
                        new Sample(
                                text[0],
                                text[1],
                                text[2],
                                text[3],
                                text[4],
                                text[5],
                                text[6],
                                text[7],
                                detected,
                                usable,
                                female,
                                features,
                                viewFeatures));
            }
            return samples;
        }
    }

    private static float[] floats(DataInputStream in) throws IOException {
        float[] values = new float[in.readInt()];
        for (int f = 0; f < values.length; f++) {
            values[f] = in.readFloat();
        }
        return values;
    }
}
