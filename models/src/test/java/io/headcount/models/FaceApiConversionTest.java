package io.headcount.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.headcount.core.FileDigests;
import io.headcount.models.ModelSource.FaceApiConversion;
import io.headcount.models.faceapi.FaceApiNetworks;
import io.headcount.models.npm.TarGz;
import io.headcount.testkit.SharedAssets;
import java.nio.file.Files;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The converter turns the pinned tfjs weights into exactly the pinned ONNX files. */
class FaceApiConversionTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "attr_agegender_faceapi_112x112.onnx",
                "attr_expression7_faceapi_112x112.onnx"
            })
    void reproducesThePinnedFileByteForByte(String file) throws Exception {
        CatalogEntry entry = ModelCatalog.shipped().entry(file);
        FaceApiConversion conversion = (FaceApiConversion) entry.source();
        Map<String, byte[]> contents =
                TarGz.read(
                        FaceApiPackageFixture.tarball(),
                        Set.of(conversion.weights(), conversion.manifest()));

        byte[] onnx =
                FaceApiNetworks.convert(
                        conversion.network(),
                        contents.get(conversion.manifest()),
                        path -> contents.get("package/model/" + path));

        assertThat(FileDigests.sha256(onnx)).isEqualTo(entry.sha256());
        assertThat(onnx).hasSize((int) entry.bytes());
        assertThat(onnx).isEqualTo(Files.readAllBytes(SharedAssets.model(file)));
    }
}
