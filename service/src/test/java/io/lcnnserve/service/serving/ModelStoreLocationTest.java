package io.lcnnserve.service.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreLocationTest {
    @TempDir
    Path dir;

    @Test
    void aConfiguredRelativeDirectoryResolvesAgainstTheWorkingDirectory() {
        assertEquals(dir.resolve("store").toString(), ModelStoreLocation.resolve("store", dir));
    }

    @Test
    void urlsPassThrough() {
        assertEquals("s3://bucket/models", ModelStoreLocation.resolve(" s3://bucket/models ", dir));
        assertEquals("file:/srv/models", ModelStoreLocation.resolve("file:/srv/models", dir));
    }

    @Test
    void withoutConfigurationTheBundledStoreIsFoundFromAModuleDirectory() throws Exception {
        Path model = Files.createDirectories(dir.resolve("models").resolve("m"));
        Files.writeString(model.resolve("config.yaml"), "instances: 1\n");
        Path module = Files.createDirectories(dir.resolve("service"));
        assertEquals(dir.resolve("models").toString(), ModelStoreLocation.resolve(null, module));
    }

    @Test
    void withoutConfigurationOrBundledStoreTheErrorSaysWhatToSet() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ModelStoreLocation.resolve("", dir));
        assertTrue(e.getMessage().contains("set lcnn.model-store (or the LCNN_MODEL_STORE environment variable)"),
            e.getMessage());
    }
}
