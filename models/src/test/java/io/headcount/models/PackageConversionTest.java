package io.headcount.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.core.FileDigests;
import io.headcount.models.ModelSource.NpmConversion;
import io.headcount.models.npm.TarGz;
import io.headcount.testkit.SharedAssets;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The converters turn the pinned npm package files into exactly the pinned ONNX files: face-api's
 * tfjs weights (layer by layer) and HSE FaceRes's tfjs graph model (the generic converter), the
 * latter equal byte for byte to the file converted for the research in {@code shared/models}.
 */
class PackageConversionTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "attr_agegender_faceapi_112x112.onnx",
                "attr_expression7_faceapi_112x112.onnx",
                "attr_sexage_faceres_224x224.onnx"
            })
    void reproducesThePinnedFileByteForByte(String file) throws Exception {
        CatalogEntry entry = ModelCatalog.shipped().entry(file);
        NpmConversion conversion = (NpmConversion) entry.source();
        Map<String, byte[]> contents =
                TarGz.read(
                        NpmPackageFixture.tarball(conversion.npmPackage()),
                        conversion.files().keySet());

        byte[] onnx = PackageConversions.convert(conversion, contents, conversion.npmPackage());

        assertThat(contents).containsOnlyKeys(conversion.files().keySet());
        assertThat(FileDigests.sha256(onnx)).isEqualTo(entry.sha256());
        assertThat(onnx).hasSize((int) entry.bytes());
        assertThat(onnx).isEqualTo(Files.readAllBytes(SharedAssets.model(file)));
    }
}
