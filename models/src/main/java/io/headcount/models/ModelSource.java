package io.headcount.models;

import io.headcount.models.faceapi.FaceApiNetwork;
import io.headcount.models.tfjs.GraphModelNetwork;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

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
     * A conversion by this project's converter of files in a pinned npm package ({@link
     * ModelCatalog#npmPackage(String)}).
     */
    sealed interface NpmConversion extends ModelSource {

        /** The catalog's id of the npm package, e.g. {@value ModelCatalog#FACE_API}. */
        String npmPackage();

        /** The package files the conversion reads, each with its SHA-256 if pinned (else null). */
        Map<String, String> files();

        /** The file whose conversion the progress names. */
        String mainFile();

        /** The network the converter builds, e.g. {@code age-gender}. */
        String networkId();
    }

    /**
     * A face-api.js network converted to ONNX by this project's converter from the tfjs weights in
     * the pinned npm package.
     *
     * @param npmPackage the catalog's id of the package
     * @param network which converter builds the graph
     * @param weights the {@code .bin} weights file inside the package tarball
     * @param weightsSha256 its SHA-256
     * @param manifest the tfjs weights manifest (JSON) inside the tarball
     */
    record FaceApiConversion(
            String npmPackage,
            FaceApiNetwork network,
            String weights,
            String weightsSha256,
            String manifest)
            implements NpmConversion {

        @Override
        public Map<String, String> files() {
            Map<String, String> files = new LinkedHashMap<>();
            files.put(manifest, null);
            files.put(weights, weightsSha256);
            return files;
        }

        @Override
        public String mainFile() {
            return weights;
        }

        @Override
        public String networkId() {
            return network.id();
        }
    }

    /**
     * A tfjs graph model ({@code model.json} + weights) converted to ONNX by this project's generic
     * converter ({@code tfjs/TfjsGraphConverter}).
     *
     * @param npmPackage the catalog's id of the package
     * @param graphModel what the converter adds to the graph (input, preprocessing, outputs)
     * @param model the graph model's JSON inside the package tarball
     * @param modelSha256 its SHA-256
     * @param weights its weights file (the only shard its manifest names)
     * @param weightsSha256 the weights' SHA-256
     */
    record GraphModelConversion(
            String npmPackage,
            GraphModelNetwork graphModel,
            String model,
            String modelSha256,
            String weights,
            String weightsSha256)
            implements NpmConversion {

        @Override
        public Map<String, String> files() {
            Map<String, String> files = new LinkedHashMap<>();
            files.put(model, modelSha256);
            files.put(weights, weightsSha256);
            return files;
        }

        @Override
        public String mainFile() {
            return model;
        }

        @Override
        public String networkId() {
            return graphModel.id();
        }
    }
}
