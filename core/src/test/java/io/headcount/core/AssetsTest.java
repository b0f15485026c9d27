package io.headcount.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AssetsTest {

    @TempDir Path workspace;

    @Test
    void findsSharedFolderNextToCheckoutFromAModuleDirectory() throws IOException {
        Path shared = Files.createDirectories(workspace.resolve("shared/models"));
        Path module = Files.createDirectories(workspace.resolve("main/inference"));

        Assets assets = new Assets(key -> null, key -> null, module);

        assertThat(assets.models()).isEqualTo(shared);
        assertThat(assets.find(Assets.Kind.MODELS)).contains(shared);
    }

    @Test
    void systemPropertyWinsOverEnvironmentWhichWinsOverSharedFolder() throws IOException {
        Files.createDirectories(workspace.resolve("shared/data"));
        Path module = Files.createDirectories(workspace.resolve("main"));
        Map<String, String> env = Map.of("HEADCOUNT_DATA", "/from/env");

        assertThat(new Assets(key -> null, env::get, module).data())
                .isEqualTo(Path.of("/from/env"));
        assertThat(new Assets(Map.of("headcount.data", "/from/prop")::get, env::get, module).data())
                .isEqualTo(Path.of("/from/prop"));
    }

    @Test
    void reportsTheDefaultPathWhenNothingExists() {
        Path checkout = workspace.resolve("main");
        Assets assets = new Assets(key -> null, key -> null, checkout);

        assertThat(assets.find(Assets.Kind.MODELS)).isEmpty();
        assertThat(assets.models()).isEqualTo(workspace.resolve("shared/models"));
        assertThat(assets.describe(Assets.Kind.MODELS))
                .contains("HEADCOUNT_MODELS")
                .contains("-Dheadcount.models");
    }
}
