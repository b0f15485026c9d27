package io.headcount.ingest.source;

import io.headcount.core.jpeg.JpegMarkers;
import io.headcount.ingest.image.DecodedImage;
import io.headcount.ingest.image.Downscale;
import io.headcount.ingest.image.ImageDecoder;
import io.headcount.ingest.image.JpegEncoder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JPEG and PNG files of one folder (not its sub-folders, not hidden files), in file-name order,
 * as frames.
 *
 * <p>Baseline JPEGs that need no resizing are sent byte for byte. Everything else (PNGs, resized
 * images, progressive JPEGs, which the frame contract does not allow) is re-encoded as baseline
 * JPEG. A file that cannot be read is logged with its path, counted in {@link #skipped()} and
 * skipped. The file list is taken once, when the source opens, so every pass of a loop reads the
 * same files in the same order.
 */
public final class ImageFolderSource implements FrameSource {

    private static final Logger LOG = LoggerFactory.getLogger(ImageFolderSource.class);

    /** File name endings read as images, in lower case. */
    public static final Set<String> EXTENSIONS = Set.of(".jpg", ".jpeg", ".png");

    private final Path folder;
    private final List<Path> files;
    private final ImageFolderOptions options;
    private int nextIndex;
    private boolean framesInThisPass;
    private long skipped;
    private boolean closed;

    private ImageFolderSource(Path folder, List<Path> files, ImageFolderOptions options) {
        this.folder = folder;
        this.files = files;
        this.options = options;
    }

    /**
     * Lists the image files of {@code folder}.
     *
     * @throws IOException if the folder cannot be listed (missing, not a folder, no permission)
     */
    public static ImageFolderSource open(Path folder, ImageFolderOptions options)
            throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new java.nio.file.NotDirectoryException(folder.toString());
        }
        List<Path> files;
        try (Stream<Path> entries = Files.list(folder)) {
            files =
                    entries.filter(ImageFolderSource::isImageName)
                            .filter(Files::isRegularFile)
                            .sorted(Comparator.comparing(path -> path.getFileName().toString()))
                            .toList();
        }
        ImageFolderSource source = new ImageFolderSource(folder, files, options);
        LOG.info("Opened {}", source.describe());
        return source;
    }

    /** The image files this source reads, in order. */
    public List<Path> files() {
        return files;
    }

    @Override
    public Optional<SourceFrame> next() {
        if (closed) {
            throw new IllegalStateException("closed: " + describe());
        }
        while (true) {
            if (nextIndex == files.size()) {
                // A loop over a folder without one readable image would spin forever: end it
                // instead.
                if (!options.loop() || !framesInThisPass) {
                    if (options.loop()) {
                        LOG.warn("Ending {}: no readable image in a whole pass", describe());
                    }
                    return Optional.empty();
                }
                nextIndex = 0;
                framesInThisPass = false;
            }
            Path file = files.get(nextIndex++);
            try {
                SourceFrame frame = read(file);
                framesInThisPass = true;
                return Optional.of(frame);
            } catch (IOException e) {
                skipped++;
                LOG.warn("Skipping unreadable image {}: {}", file, e.getMessage());
            }
        }
    }

    private SourceFrame read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        // Decoded even when sent as is: a damaged file is caught here, not in the inference job.
        DecodedImage image = ImageDecoder.decode(bytes);
        boolean fits =
                options.maxSide() == 0
                        || Math.max(image.width(), image.height()) <= options.maxSide();
        if (fits && image.isJpeg() && JpegMarkers.isBaseline(bytes)) {
            return new SourceFrame(bytes, image.width(), image.height(), file.toString());
        }
        BufferedImage pixels =
                fits ? image.pixels() : Downscale.toMaxSide(image.pixels(), options.maxSide());
        byte[] jpeg = JpegEncoder.encode(pixels, options.jpegQuality());
        return new SourceFrame(jpeg, pixels.getWidth(), pixels.getHeight(), file.toString());
    }

    @Override
    public boolean replayable() {
        return true;
    }

    /**
     * The number of files of one pass (unreadable ones are skipped, so at most this many frames).
     */
    @Override
    public java.util.OptionalLong totalFrames() {
        return options.loop()
                ? java.util.OptionalLong.empty()
                : java.util.OptionalLong.of(files.size());
    }

    @Override
    public long skipped() {
        return skipped;
    }

    @Override
    public String describe() {
        return "image folder "
                + folder
                + " ("
                + files.size()
                + " files"
                + (options.loop() ? ", looping" : "")
                + (options.maxSide() > 0 ? ", max side " + options.maxSide() : "")
                + ")";
    }

    @Override
    public void close() {
        closed = true;
    }

    /** An image extension, and not hidden: dot files are editor or OS leftovers, not frames. */
    private static boolean isImageName(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return !name.startsWith(".") && EXTENSIONS.stream().anyMatch(name::endsWith);
    }
}
