package io.lcnnserve.store.repository;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Where an S3-compatible repository is and how to reach it.
 *
 * @param bucket      the bucket
 * @param prefix      the key prefix of the repository root, without leading or trailing '/'; empty = bucket root
 * @param endpoint    the S3 API endpoint (e.g. MinIO's {@code http://minio:9000}); null = AWS's own
 * @param region      the signing region; null = the SDK's default region chain, else {@code us-east-1}
 * @param pathStyle   address buckets as {@code endpoint/bucket/key} (MinIO and most S3-compatible
 *                    servers) instead of {@code bucket.endpoint/key}
 * @param credentials null = the SDK's default credentials chain (environment, system properties,
 *                    profile files, container and instance roles)
 */
public record S3RepositoryOptions(String bucket, String prefix, URI endpoint, String region, boolean pathStyle,
                                  AwsCredentialsProvider credentials) {
    /** Environment variable with the endpoint, the same one the AWS CLI and SDKs read. */
    public static final String ENDPOINT_ENV = "AWS_ENDPOINT_URL_S3";
    /** Environment variable: {@code true} for path-style bucket addressing. */
    public static final String PATH_STYLE_ENV = "LCNN_S3_PATH_STYLE";

    public S3RepositoryOptions {
        if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException("'" + bucket + "' is not a valid S3 bucket name (3-63 characters from"
                + " a-z 0-9 . -)");
        }
        prefix = normalizePrefix(prefix);
    }

    /** Bucket and prefix from {@code s3://bucket/prefix}, the rest unset (SDK defaults, virtual-host style). */
    public static S3RepositoryOptions fromUri(String location) {
        URI uri = URI.create(location);
        if (!"s3".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("'" + location + "' is not an s3://bucket/prefix location");
        }
        return new S3RepositoryOptions(uri.getHost(), uri.getPath(), null, null, false, null);
    }

    /** These options with endpoint and path style taken from the environment where they are set there. */
    public S3RepositoryOptions withEnvironment(Map<String, String> environment) {
        String endpointText = environment.getOrDefault(ENDPOINT_ENV, environment.get("AWS_ENDPOINT_URL"));
        URI env = endpointText == null || endpointText.isBlank() ? endpoint : URI.create(endpointText.trim());
        String pathStyleText = environment.get(PATH_STYLE_ENV);
        boolean style = pathStyleText == null ? pathStyle : Boolean.parseBoolean(pathStyleText.trim().toLowerCase(Locale.ROOT));
        return new S3RepositoryOptions(bucket, prefix, env, region, style, credentials);
    }

    public S3RepositoryOptions withEndpoint(URI value, boolean usePathStyle) {
        return new S3RepositoryOptions(bucket, prefix, value, region, usePathStyle, credentials);
    }

    public S3RepositoryOptions withRegion(String value) {
        return new S3RepositoryOptions(bucket, prefix, endpoint, value, pathStyle, credentials);
    }

    public S3RepositoryOptions withCredentials(AwsCredentialsProvider value) {
        return new S3RepositoryOptions(bucket, prefix, endpoint, region, pathStyle, value);
    }

    /** {@code s3://bucket/prefix}. */
    public String location() {
        return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }

    private static String normalizePrefix(String prefix) {
        String p = prefix == null ? "" : prefix.replaceAll("^/+", "").replaceAll("/+$", "");
        if (!p.isEmpty()) {
            RepositoryLayout.checkRelativeFile(p);
        }
        return p;
    }

    @Override
    public String toString() {
        return "S3RepositoryOptions[" + location() + ", endpoint=" + endpoint + ", region=" + region + ", pathStyle="
            + pathStyle + ", credentials=" + (credentials == null ? "default chain" : credentials.getClass().getSimpleName())
            + "]";
    }
}
