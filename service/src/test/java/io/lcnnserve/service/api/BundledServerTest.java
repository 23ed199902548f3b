package io.lcnnserve.service.api;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * Tests against the server running the bundled model store (one shared application context):
 * management token {@value #TOKEN}, layer sampling on every batch it can take.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "lcnn.management-token=" + BundledServerTest.TOKEN,
    "lcnn.poll-interval=0s",
    "lcnn.default-deadline=120s",
    "lcnn.warmup-runs=1",
    "lcnn.profiling.sample-rate=0.5",
    "lcnn.limits.max-image-size=4MB",
    "lcnn.limits.max-image-pixels=40000000"})
public abstract class BundledServerTest extends ServerTestSupport {
    protected static final String TOKEN = "test-management-token";
}
