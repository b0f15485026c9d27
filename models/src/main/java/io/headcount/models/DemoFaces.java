package io.headcount.models;

import io.headcount.core.FileDigests;
import io.headcount.models.download.ModelProvisioningException;
import io.headcount.models.download.ProvisioningListener;
import io.headcount.models.npm.NpmClient;
import io.headcount.models.npm.TarGz;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Faces for the synthetic cameras on a machine without the shared face data: crops of the sample
 * photos in the pinned face-api npm package (the one {@code models pull} converts models from), at
 * the boxes of resource {@value #RESOURCE}, written with a face manifest into the data folder. The
 * tarball and each photo are checked against their pinned SHA-256; once the manifest is there
 * nothing is fetched again.
 */
public final class DemoFaces {

    public static final String RESOURCE = "io/headcount/models/demo-faces.csv";

    /** The folder under the data folder, named after the pinned package version. */
    public static final String FOLDER = "demo-faces/face-api-1.7.15";

    /** Side of each written crop in pixels. */
    static final int SIDE = 200;

    /** The crop's side per the box's longer side: some hair and chin, as in aligned face chips. */
    private static final double MARGIN = 1.4;

    private final ModelCatalog catalog;
    private final NpmClient npm;

    public DemoFaces(ModelCatalog catalog, NpmClient npm) {
        this.catalog = catalog;
        this.npm = npm;
    }

    /** The shipped catalog and the npm client on the PATH. */
    public static DemoFaces standard() {
        return new DemoFaces(ModelCatalog.shipped(), new NpmClient());
    }

    /** Where the manifest is (or will be) in {@code dataFolder}. */
    public static Path manifest(Path dataFolder) {
        return dataFolder.resolve(FOLDER).resolve("manifest.csv");
    }

    /**
     * The manifest of the demo faces in {@code dataFolder}, fetched and cropped first if absent.
     *
     * @param tarball the face-api package tarball at hand, or null to fetch it with {@code npm
     *     pack}
     * @throws ModelProvisioningException if the package cannot be fetched or does not verify
     */
    public Path ensure(Path dataFolder, Path tarball, ProvisioningListener listener) {
        Path manifest = manifest(dataFolder);
        if (Files.isRegularFile(manifest)) {
            return manifest;
        }
        ModelCatalog.NpmPackage pinned = catalog.npmPackage(ModelCatalog.FACE_API);
        listener.step(
                "The synthetic cameras need faces and there is no shared face data; taking them"
                        + " from the sample photos of "
                        + pinned.spec()
                        + " into "
                        + manifest.getParent());
        Path work = null;
        try {
            if (tarball == null) {
                work = Files.createTempDirectory("headcount-npm");
                listener.step("fetching " + pinned.spec() + " with the npm client (npm pack)");
                tarball = npm.pack(pinned.spec(), work);
            }
            verify(tarball, FileDigests.sha256(tarball), pinned.sha256(), pinned.spec());
            write(manifest, TarGz.read(tarball, photoEntries()), listener);
            return manifest;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo faces to " + manifest, e);
        } finally {
            if (work != null) {
                deleteRecursively(work);
            }
        }
    }

    private void write(Path manifest, Map<String, byte[]> photos, ProvisioningListener listener)
            throws IOException {
        Path folder = manifest.getParent();
        Files.createDirectories(folder);
        List<Box> boxes = boxes();
        List<String> rows = new ArrayList<>();
        rows.add("file,sex,masked,width,height,source");
        String decodedName = null;
        BufferedImage photo = null;
        for (int i = 0; i < boxes.size(); i++) {
            Box box = boxes.get(i);
            if (!box.sample().equals(decodedName)) {
                byte[] bytes = photos.get("package/" + box.sample());
                if (bytes == null) {
                    throw new ModelProvisioningException("the package has no " + box.sample());
                }
                verify(box.sample(), FileDigests.sha256(bytes), box.sha256(), "the package");
                photo = ImageIO.read(new ByteArrayInputStream(bytes));
                decodedName = box.sample();
            }
            String file = String.format("face-%02d.jpg", i + 1);
            ImageIO.write(crop(photo, box), "jpg", folder.resolve(file).toFile());
            rows.add(
                    String.join(
                            ",",
                            file,
                            box.sex(),
                            "no",
                            String.valueOf(SIDE),
                            String.valueOf(SIDE),
                            catalog.npmPackage(ModelCatalog.FACE_API).spec() + "/" + box.sample()));
            if (i + 1 == boxes.size() || !boxes.get(i + 1).sample().equals(box.sample())) {
                listener.step(String.format("  %d of %d faces cropped", i + 1, boxes.size()));
            }
        }
        // The manifest goes last: a run cut short leaves none, so the next run starts over.
        Path part = folder.resolve("manifest.csv.part");
        Files.write(part, rows, StandardCharsets.UTF_8);
        Files.move(part, manifest, StandardCopyOption.REPLACE_EXISTING);
        listener.step(boxes.size() + " demo faces ready in " + folder);
    }

    /** A square around the box, kept inside the photo, scaled to {@link #SIDE}. */
    static BufferedImage crop(BufferedImage photo, Box box) {
        int side =
                Math.min(
                        (int) Math.round(MARGIN * Math.max(box.width(), box.height())),
                        Math.min(photo.getWidth(), photo.getHeight()));
        int x = clamp(box.x() + box.width() / 2 - side / 2, photo.getWidth() - side);
        int y = clamp(box.y() + box.height() / 2 - side / 2, photo.getHeight() - side);
        BufferedImage face = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = face.createGraphics();
        g.setRenderingHint(
                RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(photo, 0, 0, SIDE, SIDE, x, y, x + side, y + side, null);
        g.dispose();
        return face;
    }

    private static int clamp(int value, int max) {
        return Math.max(0, Math.min(value, max));
    }

    private static void verify(Object what, String sha256, String expected, String of) {
        if (!sha256.equals(expected)) {
            throw new ModelProvisioningException(
                    what + " has SHA-256 " + sha256 + ", expected " + expected + " for " + of);
        }
    }

    /** One face: a box in a sample photo of the package. */
    record Box(String sample, String sha256, int x, int y, int width, int height, String sex) {}

    /** The faces of {@value #RESOURCE}, in order. */
    static List<Box> boxes() {
        try (InputStream in = DemoFaces.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing");
            }
            List<Box> boxes = new ArrayList<>();
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            for (String line : lines) {
                if (line.isBlank() || line.startsWith("#") || line.startsWith("sample,")) {
                    continue;
                }
                String[] cells = line.strip().split(",");
                boxes.add(
                        new Box(
                                cells[0],
                                cells[1],
                                Integer.parseInt(cells[2]),
                                Integer.parseInt(cells[3]),
                                Integer.parseInt(cells[4]),
                                Integer.parseInt(cells[5]),
                                cells[6]));
            }
            return boxes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> photoEntries() {
        Set<String> entries = new HashSet<>();
        boxes().forEach(box -> entries.add("package/" + box.sample()));
        return entries;
    }

    private static void deleteRecursively(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary folder is harmless.
        }
    }
}
