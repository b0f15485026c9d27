package io.headcount.models;

import io.headcount.models.faceapi.FaceApiNetwork;
import java.net.URI;

/** Where a model file comes from: a pinned upstream file, or a conversion of pinned weights. */
public sealed interface ModelSource {

    /** The upstream GitHub file at a fixed commit (raw download, no API, no LFS). */
    URI GITHUB_RAW = URI.create("https://raw.githubusercontent.com/");

    /**
     * A file in a GitHub repository at a pinned commit.
     *
     * @param repository owner/name
     * @param commit the full commit id, so the bytes can never change under the same URL
     * @param path the file inside the repository
     */
    record Upstream(String repository, String commit, String path) implements ModelSource {

        /**
         * The file's URL under {@code base}: {@code base/owner/name/commit/path}. The default base
         * is {@link #GITHUB_RAW}; a mirror with the same layout can stand in for it.
         */
        public URI url(URI base) {
            String root = base.toString().endsWith("/") ? base.toString() : base + "/";
            return URI.create(root + repository + "/" + commit + "/" + path);
        }
    }

    /**
     * A face-api.js network converted to ONNX by this project's converter from the tfjs weights in
     * the pinned npm package ({@link ModelCatalog#faceApiPackage()}).
     *
     * @param network which converter builds the graph
     * @param weights the {@code .bin} weights file inside the package tarball
     * @param weightsSha256 its SHA-256
     * @param manifest the tfjs weights manifest (JSON) inside the tarball
     */
    record FaceApiConversion(
            FaceApiNetwork network, String weights, String weightsSha256, String manifest)
            implements ModelSource {}
}
