package io.headcount.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headcount.core.FileDigests;
import io.headcount.models.download.HttpDownloader;
import io.headcount.models.download.ModelProvisioningException;
import io.headcount.models.download.ProvisioningListener;
import io.headcount.models.npm.NpmClient;
import io.headcount.testkit.SharedAssets;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code models pull} of the upstream (downloaded) files, against a local server laid out like the
 * upstream host and serving the shared model files: the real download path, offline.
 */
class UpstreamPullTest {

    private static final ModelCatalog CATALOG = ModelCatalog.shipped();
    private static final String YUNET = "det_yunet_n_dynamic.onnx";

    @TempDir Path models;

    private MirrorServer mirror;
    private final List<String> steps = new ArrayList<>();
    private final List<Long> progress = new ArrayList<>();
    private final ProvisioningListener listener =
            new ProvisioningListener() {
                @Override
                public void step(String message) {
                    steps.add(message);
                }

                @Override
                public void progress(String file, long done, long total) {
                    progress.add(done);
                }
            };

    @BeforeEach
    void startMirror() throws IOException {
        Path shared = SharedAssets.model(YUNET).getParent();
        mirror = new MirrorServer().serving(CATALOG, shared);
    }

    @AfterEach
    void stopMirror() {
        mirror.close();
    }

    @Test
    void downloadsEveryUpstreamFileOfTheDefaultSetAndVerifiesIt() throws IOException {
        List<CatalogEntry> upstream = upstreamDefaults();
        assertThat(upstream)
                .extracting(CatalogEntry::file)
                .containsExactly(YUNET, "det_ultraface_mask3cls_rfb_640x480.onnx");

        List<FileCheck> checks = provisioner().pull(folder(), upstream, options(), listener);

        assertThat(checks).allMatch(FileCheck::ok);
        for (CatalogEntry entry : upstream) {
            assertThat(FileDigests.sha256(models.resolve(entry.file()))).isEqualTo(entry.sha256());
        }
        assertThat(mirror.requests())
                .containsExactly(
                        "/ShiqiYu/libfacedetection.train/02246e79b1e976c83d1e135a85e0628120c93769"
                                + "/onnx/yunet_n_dynamic.onnx",
                        "/Linzaer/Ultra-Light-Fast-Generic-Face-Detector-1MB"
                                + "/229019f9619c9000a73c74f5c841dbad3aaa3603"
                                + "/masked_face/pretrained/RFB-640-masked_face-v2.onnx");
        assertThat(progress).last().isEqualTo(1_566_571L);
        assertThat(leftoverPartFiles()).isEmpty();
    }

    @Test
    void aSecondPullKeepsVerifiedFilesAndDownloadsNothing() {
        provisioner().pull(folder(), upstreamDefaults(), options(), listener);
        mirror.requests().clear();

        provisioner().pull(folder(), upstreamDefaults(), options(), listener);

        assertThat(mirror.requests()).isEmpty();
        assertThat(steps).contains(YUNET + ": ok");
    }

    @Test
    void resumesAnInterruptedDownloadWithARangeRequest() throws IOException {
        mirror.cutAfter(100_000);
        assertThatThrownBy(() -> provisioner().pull(folder(), yunet(), options(), listener))
                .isInstanceOf(ModelProvisioningException.class)
                .hasMessageContaining(YUNET);
        Path part = HttpDownloader.partFile(models.resolve(YUNET));
        assertThat(Files.size(part)).isEqualTo(100_000);
        assertThat(models.resolve(YUNET)).doesNotExist();

        mirror.cutAfter(-1);
        provisioner().pull(folder(), yunet(), options(), listener);

        assertThat(mirror.requests()).last().asString().endsWith(" bytes=100000-");
        assertThat(FileDigests.sha256(models.resolve(YUNET)))
                .isEqualTo(CATALOG.entry(YUNET).sha256());
        assertThat(part).doesNotExist();
    }

    @Test
    void givesUpOnAStalledTransferAndResumesItLater() throws IOException {
        mirror.stallAfter(70_000);
        ModelProvisioner impatient =
                new ModelProvisioner(
                        CATALOG,
                        new HttpDownloader(java.time.Duration.ofSeconds(1)),
                        new NpmClient("npm-not-used"));

        assertThatThrownBy(() -> impatient.pull(folder(), yunet(), options(), listener))
                .hasMessageContaining("no data from " + mirror.base())
                .hasMessageContaining("run again to resume");
        assertThat(Files.size(HttpDownloader.partFile(models.resolve(YUNET)))).isEqualTo(70_000);

        mirror.close();
        mirror = new MirrorServer().serving(CATALOG, SharedAssets.model(YUNET).getParent());
        provisioner().pull(folder(), yunet(), options(), listener);

        assertThat(mirror.requests()).containsExactly(mirror.requests().get(0));
        assertThat(mirror.requests().get(0)).endsWith(" bytes=70000-");
        assertThat(FileDigests.sha256(models.resolve(YUNET)))
                .isEqualTo(CATALOG.entry(YUNET).sha256());
    }

    @Test
    void startsOverWhenTheServerIgnoresTheRange() throws IOException {
        Path part = HttpDownloader.partFile(models.resolve(YUNET));
        Files.write(part, new byte[50_000]);
        mirror.ignoreRanges();

        provisioner().pull(folder(), yunet(), options(), listener);

        assertThat(FileDigests.sha256(models.resolve(YUNET)))
                .isEqualTo(CATALOG.entry(YUNET).sha256());
    }

    @Test
    void refusesAFileWhoseChecksumDiffersAndLeavesNothingBehind() {
        mirror.corruptWith(
                bytes -> {
                    bytes[1000] ^= 0x01;
                    return bytes;
                });

        assertThatThrownBy(() -> provisioner().pull(folder(), yunet(), options(), listener))
                .isInstanceOf(ModelProvisioningException.class)
                .hasMessageContaining(YUNET)
                .hasMessageContaining("expected " + CATALOG.entry(YUNET).sha256())
                .hasMessageContaining("the file was removed");
        assertThat(models.resolve(YUNET)).doesNotExist();
        assertThat(leftoverPartFiles()).isEmpty();
    }

    @Test
    void namesTheUrlAndStatusWhenTheServerHasNoSuchFile() {
        Path empty = models.resolve("empty-mirror");
        MirrorServer bare = null;
        try {
            bare = new MirrorServer().serving(CATALOG, empty);
            URI base = bare.base();
            assertThatThrownBy(
                            () ->
                                    provisioner()
                                            .pull(
                                                    folder(),
                                                    yunet(),
                                                    options().withUpstreamBase(base),
                                                    listener))
                    .hasMessageContaining("HTTP 404 from " + base)
                    .hasMessageContaining("onnx/yunet_n_dynamic.onnx");
        } catch (IOException e) {
            throw new AssertionError(e);
        } finally {
            if (bare != null) {
                bare.close();
            }
        }
    }

    @Test
    void saysHowToWorkOfflineWhenTheHostCannotBeReached() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        URI unreachable = URI.create("http://127.0.0.1:" + closedPort + "/");

        assertThatThrownBy(
                        () ->
                                provisioner()
                                        .pull(
                                                folder(),
                                                yunet(),
                                                options().withUpstreamBase(unreachable),
                                                listener))
                .hasMessageContaining("cannot reach 127.0.0.1")
                .hasMessageContaining("--from DIR");
    }

    @Test
    void copiesVerifiedFilesFromALocalFolderWithoutTheNetwork() {
        Path shared = SharedAssets.model(YUNET).getParent();
        mirror.close();

        List<FileCheck> checks =
                provisioner()
                        .pull(
                                folder(),
                                upstreamDefaults(),
                                options().withLocalSource(shared),
                                listener);

        assertThat(checks).allMatch(FileCheck::ok);
        assertThat(steps).anyMatch(step -> step.startsWith("copying " + YUNET + " from "));
    }

    private List<CatalogEntry> upstreamDefaults() {
        return CATALOG.defaultSet().stream()
                .filter(entry -> entry.source() instanceof ModelSource.Upstream)
                .toList();
    }

    private List<CatalogEntry> yunet() {
        return List.of(CATALOG.entry(YUNET));
    }

    private ModelDirectory folder() {
        return new ModelDirectory(models);
    }

    private ModelProvisioner.Options options() {
        return ModelProvisioner.Options.defaults().withUpstreamBase(mirror.base());
    }

    private static ModelProvisioner provisioner() {
        // npm is never needed here: only upstream files are pulled.
        return new ModelProvisioner(CATALOG, new HttpDownloader(), new NpmClient("npm-not-used"));
    }

    private List<Path> leftoverPartFiles() {
        try (Stream<Path> files = Files.list(models)) {
            return files.filter(file -> file.toString().endsWith(HttpDownloader.PART_SUFFIX))
                    .toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
