package io.headcount.models;

import io.headcount.core.FileDigests;
import io.headcount.models.ModelSource.FaceApiConversion;
import io.headcount.models.ModelSource.GraphModelConversion;
import io.headcount.models.ModelSource.NpmConversion;
import io.headcount.models.download.ModelProvisioningException;
import io.headcount.models.faceapi.FaceApiNetworks;
import io.headcount.models.tfjs.TfjsGraphConverter;
import java.io.UncheckedIOException;
import java.util.Map;

/** Runs the converter a catalog entry names over the npm package files it reads. */
public final class PackageConversions {

    private PackageConversions() {}

    /**
     * Converts one entry's package files to ONNX bytes.
     *
     * @param files the package files, at least {@link NpmConversion#files()}, by path in the
     *     tarball
     * @param packageSpec the package, for messages
     * @throws ModelProvisioningException if a file is missing, differs from its pinned SHA-256, or
     *     does not convert
     */
    public static byte[] convert(
            NpmConversion conversion, Map<String, byte[]> files, String packageSpec) {
        conversion
                .files()
                .forEach(
                        (path, pinned) -> {
                            byte[] contents = files.get(path);
                            if (contents == null) {
                                throw new ModelProvisioningException(
                                        packageSpec + " has no " + path);
                            }
                            String sha256 = FileDigests.sha256(contents);
                            if (pinned != null && !sha256.equals(pinned)) {
                                throw new ModelProvisioningException(
                                        path + " has SHA-256 " + sha256 + ", expected " + pinned);
                            }
                        });
        try {
            if (conversion instanceof FaceApiConversion faceApi) {
                String folder = folder(faceApi.manifest());
                return FaceApiNetworks.convert(
                        faceApi.network(),
                        files.get(faceApi.manifest()),
                        path -> files.get(folder + path));
            }
            GraphModelConversion graph = (GraphModelConversion) conversion;
            String folder = folder(graph.model());
            return TfjsGraphConverter.convert(
                            files.get(graph.model()),
                            path -> files.get(folder + path),
                            graph.graphModel().spec())
                    .toByteArray();
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new ModelProvisioningException(
                    "converting " + conversion.mainFile() + " failed: " + e.getMessage(), e);
        }
    }

    /** Paths in a manifest are relative to the manifest's folder in the tarball. */
    private static String folder(String path) {
        return path.substring(0, path.lastIndexOf('/') + 1);
    }
}
