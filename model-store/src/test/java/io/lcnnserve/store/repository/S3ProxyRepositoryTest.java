package io.lcnnserve.store.repository;

import java.net.URI;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The S3 backend against S3Proxy running in this JVM over a jclouds in-memory blob store: no Docker needed. */
class S3ProxyRepositoryTest extends S3RepositoryContractTest {
    private static final String ACCESS_KEY = "lcnn-access";
    private static final String SECRET_KEY = "lcnn-secret-key";
    private static BlobStoreContext blobStore;
    private static S3Proxy proxy;

    @BeforeAll
    static void startServer() throws Exception {
        blobStore = ContextBuilder.newBuilder("transient").credentials("identity", "credential")
            .overrides(new Properties()).build(BlobStoreContext.class);
        proxy = S3Proxy.builder().blobStore(blobStore.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
        proxy.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!"STARTED".equals(proxy.getState()) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    @AfterAll
    static void stopServer() throws Exception {
        proxy.stop();
        blobStore.close();
    }

    @Override
    URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    @Override
    String accessKey() {
        return ACCESS_KEY;
    }

    @Override
    String secretKey() {
        return SECRET_KEY;
    }
}
