package io.lcnnserve.store.repository;

import java.net.URI;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The S3 backend against MinIO in a container; skipped (not failed) where no Docker engine is available. */
@Testcontainers(disabledWithoutDocker = true)
class MinioRepositoryTest extends S3RepositoryContractTest {
    @Container
    private static final MinIOContainer MINIO = new MinIOContainer("minio/minio:RELEASE.2023-09-04T19-57-37Z");

    @Override
    URI endpoint() {
        return URI.create(MINIO.getS3URL());
    }

    @Override
    String accessKey() {
        return MINIO.getUserName();
    }

    @Override
    String secretKey() {
        return MINIO.getPassword();
    }
}
