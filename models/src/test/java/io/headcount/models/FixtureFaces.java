package io.headcount.models;

import io.headcount.testkit.FaceScenes;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Model inputs from real faces: UTKFace crops (shared data, never copied into the repository),
 * resized to 112x112 by a plain bilinear filter written here so every machine computes the same
 * floats. RGB 0..255, as the face-api models take them.
 */
final class FixtureFaces {

    static final int SIZE = 112;
    static final int COUNT = 12;

    private FixtureFaces() {}

    /** The chosen faces, fixed by the test kit's even spread over the sorted folder. */
    static List<Path> faces() {
        return FaceScenes.adultFaces(COUNT);
    }

    /** One face as {@code [3, 112, 112]} RGB floats (NCHW without the batch). */
    static float[] chw(Path face) {
        BufferedImage image;
        try {
            image = ImageIO.read(face.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Raster raster = image.getRaster();
        int width = image.getWidth();
        int height = image.getHeight();
        float[] out = new float[3 * SIZE * SIZE];
        int[] pixel = new int[raster.getNumBands()];
        for (int y = 0; y < SIZE; y++) {
            double sy = Math.min(Math.max((y + 0.5) * height / SIZE - 0.5, 0), height - 1);
            int y0 = (int) sy;
            int y1 = Math.min(y0 + 1, height - 1);
            double fy = sy - y0;
            for (int x = 0; x < SIZE; x++) {
                double sx = Math.min(Math.max((x + 0.5) * width / SIZE - 0.5, 0), width - 1);
                int x0 = (int) sx;
                int x1 = Math.min(x0 + 1, width - 1);
                double fx = sx - x0;
                for (int c = 0; c < 3; c++) {
                    // Raster bands are R, G, B even for TYPE_3BYTE_BGR; grey has one band.
                    int band = Math.min(c, pixel.length - 1);
                    double top =
                            sample(raster, x0, y0, band, pixel) * (1 - fx)
                                    + sample(raster, x1, y0, band, pixel) * fx;
                    double bottom =
                            sample(raster, x0, y1, band, pixel) * (1 - fx)
                                    + sample(raster, x1, y1, band, pixel) * fx;
                    out[(c * SIZE + y) * SIZE + x] = (float) (top * (1 - fy) + bottom * fy);
                }
            }
        }
        return out;
    }

    private static int sample(Raster raster, int x, int y, int band, int[] pixel) {
        return raster.getPixel(x, y, pixel)[band];
    }

    /**
     * Writes the fixture inputs as float32 little-endian NHWC {@code [n, 112, 112, 3]} for the
     * face-api.js reference script ({@code src/test/node/faceapi-reference.cjs}), and their file
     * names, one a line, next to it.
     */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        List<Path> faces = faces();
        ByteBuffer buffer =
                ByteBuffer.allocate(faces.size() * 3 * SIZE * SIZE * Float.BYTES)
                        .order(ByteOrder.LITTLE_ENDIAN);
        for (Path face : faces) {
            float[] chw = chw(face);
            for (int i = 0; i < SIZE * SIZE; i++) {
                for (int c = 0; c < 3; c++) {
                    buffer.putFloat(chw[c * SIZE * SIZE + i]);
                }
            }
        }
        Files.write(out, buffer.array());
        try (DataOutputStream names =
                new DataOutputStream(Files.newOutputStream(Path.of(args[0] + ".names")))) {
            for (Path face : faces) {
                names.writeBytes(face.getFileName() + "\n");
            }
        }
    }
}
