package io.lcnnserve.store.repository;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A repository in an S3-compatible bucket under a key prefix, with the same layout as on disk
 * ({@code <prefix>/<model>/<version>/model.onnx}, ...). Keys are checked like local paths: a key
 * whose part below the version is not a safe relative path makes that version invalid, and is
 * never written to disk.
 *
 * <p>Versions are downloaded into {@code <cacheDir>/<repository id>/<model>/<version>/}: each file
 * is streamed to a temporary directory while its SHA-256 (and MD5) is computed, checked against the
 * listed size, the object's ETag (an MD5 for single-part uploads) and the object's SHA-256 checksum
 * when it has one; only then is the directory moved into place in one atomic rename, with a
 * manifest of what it holds. A later fetch of the same objects re-hashes the cached files against
 * the manifest instead of downloading again.
 */
public final class S3ModelRepository implements ModelRepository {
    static final String MANIFEST = ".lcnn-manifest";

    private final S3RepositoryOptions options;
    private final S3Client s3;
    private final String rootKey;
    /** Some S3-compatible servers reject the checksum-mode header (501); then downloads go without it. */
    private volatile boolean checksumModeSupported = true;

    public S3ModelRepository(S3RepositoryOptions options) {
        this.options = options;
        this.rootKey = options.prefix().isEmpty() ? "" : options.prefix() + "/";
        S3ClientBuilder builder = S3Client.builder()
            .region(options.region() != null ? Region.of(options.region()) : defaultRegion())
            .credentialsProvider(options.credentials() != null ? options.credentials()
                : DefaultCredentialsProvider.builder().build())
            .forcePathStyle(options.pathStyle())
            // Read-only client: no request checksums; response checksums only where asked for (see download).
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (options.endpoint() != null) {
            builder.endpointOverride(options.endpoint());
        }
        this.s3 = builder.build();
    }

    private static Region defaultRegion() {
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkException e) {
            return Region.US_EAST_1;
        }
    }

    public S3RepositoryOptions options() {
        return options;
    }

    @Override
    public String location() {
        return options.location();
    }

    @Override
    public List<String> modelNames() throws IOException {
        TreeSet<String> names = new TreeSet<>();
        try {
            ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(options.bucket()).prefix(rootKey)
                .delimiter("/").build();
            for (CommonPrefix p : s3.listObjectsV2Paginator(request).commonPrefixes()) {
                String name = p.prefix().substring(rootKey.length()).replaceAll("/$", "");
                if (RepositoryLayout.isModelName(name)) {
                    names.add(name);
                }
            }
        } catch (SdkException e) {
            throw new IOException("cannot list " + location() + ": " + e.getMessage(), e);
        }
        return List.copyOf(names);
    }

    @Override
    public Optional<ModelListing> list(String model) throws IOException {
        RepositoryLayout.checkModelName(model);
        String modelKey = rootKey + model + "/";
        List<S3Object> objects = new ArrayList<>();
        try {
            ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(options.bucket()).prefix(modelKey).build();
            s3.listObjectsV2Paginator(request).contents().forEach(objects::add);
        } catch (SdkException e) {
            throw new IOException("cannot list " + location() + "/" + model + ": " + e.getMessage(), e);
        }
        return toListing(model, modelKey, objects);
    }

    /** Builds a model's listing from the objects under {@code modelKey}; empty when there are none. */
    static Optional<ModelListing> toListing(String model, String modelKey, List<S3Object> objects) {
        if (objects.isEmpty()) {
            return Optional.empty();
        }
        List<RepositoryFile> configs = new ArrayList<>();
        RepositoryFile labels = null;
        Map<Long, List<RepositoryFile>> files = new TreeMap<>();
        Map<Long, List<String>> problems = new HashMap<>();
        for (S3Object o : objects) {
            String rest = o.key().substring(modelKey.length());
            if (rest.isEmpty() || rest.endsWith("/")) {
                continue;
            }
            int slash = rest.indexOf('/');
            if (slash < 0) {
                RepositoryFile file = describe(rest, o);
                if (rest.equals(RepositoryLayout.LABELS_FILE)) {
                    labels = file;
                } else if (RepositoryLayout.CONFIG_FILES.contains(rest)) {
                    configs.add(file);
                }
                continue;
            }
            OptionalLong version = RepositoryLayout.parseVersion(rest.substring(0, slash));
            if (version.isEmpty()) {
                continue;
            }
            String relative = rest.substring(slash + 1);
            List<RepositoryFile> versionFiles = files.computeIfAbsent(version.getAsLong(), v -> new ArrayList<>());
            try {
                RepositoryLayout.checkRelativeFile(relative);
            } catch (UnsafePathException e) {
                problems.computeIfAbsent(version.getAsLong(), v -> new ArrayList<>())
                    .add("object key '" + o.key() + "' is unsafe: " + e.getMessage());
                continue;
            }
            if (!RepositoryLayout.isHidden(relative)) {
                versionFiles.add(describe(relative, o));
            }
        }
        if (configs.size() > 1) {
            return Optional.of(ModelListing.invalid(model, "model '" + model + "' has more than one config file "
                + configs.stream().map(RepositoryFile::path).toList() + "; keep one"));
        }
        Map<Long, VersionListing> versions = new TreeMap<>();
        files.forEach((version, list) -> versions.put(version, problems.containsKey(version)
            ? VersionListing.invalid(version, String.join("; ", problems.get(version)))
            : new VersionListing(version, list, null)));
        return Optional.of(new ModelListing(model, configs.isEmpty() ? null : configs.getFirst(), labels,
            new TreeMap<>(versions), null));
    }

    private static RepositoryFile describe(String path, S3Object o) {
        return new RepositoryFile(path, o.size(), o.lastModified(), stripQuotes(o.eTag()));
    }

    private static String stripQuotes(String etag) {
        return etag == null ? null : etag.replace("\"", "");
    }

    @Override
    public byte[] read(String model, RepositoryFile file, long maxBytes) throws IOException {
        String key = rootKey + RepositoryLayout.checkModelName(model) + "/" + RepositoryLayout.checkModelLevelFile(file.path());
        if (file.size() > maxBytes) {
            throw new IOException("s3://" + options.bucket() + "/" + key + " is " + file.size() + " bytes, above the limit of "
                + maxBytes);
        }
        try {
            ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(GetObjectRequest.builder().bucket(options.bucket())
                .key(key).build());
            if (bytes.asByteArrayUnsafe().length > maxBytes) {
                throw new IOException("s3://" + options.bucket() + "/" + key + " is above the limit of " + maxBytes + " bytes");
            }
            return bytes.asByteArray();
        } catch (SdkException e) {
            throw new IOException("cannot read s3://" + options.bucket() + "/" + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public FetchedVersion fetch(String model, VersionListing version, Path cacheDir) throws IOException {
        RepositoryLayout.checkModelName(model);
        String versionName = Long.toString(RepositoryLayout.checkVersion(version.version()));
        Path base = Files.createDirectories(cacheDir.resolve(repositoryId()).resolve(model));
        Path target = base.resolve(versionName);
        if (Files.isDirectory(target)) {
            Optional<Map<String, String>> cached = verifyCached(target, version);
            if (cached.isPresent()) {
                return new FetchedVersion(target, cached.get());
            }
        }
        Path temp = Files.createTempDirectory(base, "." + versionName + ".download-");
        try {
            Map<String, String> digests = new LinkedHashMap<>();
            for (RepositoryFile file : version.files()) {
                Path dest = temp.resolve(RepositoryLayout.checkRelativeFile(file.path())).normalize();
                if (!dest.startsWith(temp)) {
                    throw new UnsafePathException("'" + file.path() + "' leaves the download directory");
                }
                Files.createDirectories(dest.getParent());
                digests.put(file.path(), download(rootKey + model + "/" + versionName + "/" + file.path(), file, dest));
            }
            writeManifest(temp.resolve(MANIFEST), version, digests);
            if (Files.exists(target)) {
                Path stale = base.resolve("." + versionName + ".stale-" + System.nanoTime());
                Files.move(target, stale, StandardCopyOption.ATOMIC_MOVE);
                deleteRecursively(stale);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            return new FetchedVersion(target, digests);
        } finally {
            if (Files.exists(temp)) {
                deleteRecursively(temp);
            }
        }
    }

    /** Downloads one object, verifying it on the way, and returns its SHA-256. */
    private String download(String key, RepositoryFile file, Path dest) throws IOException {
        String where = "s3://" + options.bucket() + "/" + key;
        GetObjectRequest.Builder builder = GetObjectRequest.builder().bucket(options.bucket()).key(key);
        if (file.identity() != null) {
            builder.ifMatch("\"" + file.identity() + "\"");
        }
        GetObjectRequest request = builder.build();
        if (checksumModeSupported) {
            try {
                return download(where, request.toBuilder().checksumMode(ChecksumMode.ENABLED).build(), file, dest);
            } catch (S3Exception e) {
                if (e.statusCode() != 501) {
                    throw new IOException("cannot download " + where + " (it may have changed since it was listed): "
                        + e.getMessage(), e);
                }
                checksumModeSupported = false;
                Files.deleteIfExists(dest);
            }
        }
        return download(where, request, file, dest);
    }

    private String download(String where, GetObjectRequest request, RepositoryFile file, Path dest) throws IOException {
        MessageDigest sha256 = Digests.newSha256();
        MessageDigest md5 = Digests.newDigest("MD5");
        long bytes = 0;
        GetObjectResponse response;
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(request);
             OutputStream out = Files.newOutputStream(dest, StandardOpenOption.CREATE_NEW)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                bytes += n;
                if (bytes > file.size()) {
                    throw new IOException(where + " is longer than the " + file.size() + " bytes listed");
                }
                sha256.update(buffer, 0, n);
                md5.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
            response = in.response();
        } catch (S3Exception e) {
            if (request.checksumMode() != null && e.statusCode() == 501) {
                throw e;
            }
            throw new IOException("cannot download " + where + " (it may have changed since it was listed): "
                + e.getMessage(), e);
        } catch (SdkException e) {
            throw new IOException("cannot download " + where + ": " + e.getMessage(), e);
        }
        if (bytes != file.size()) {
            throw new IOException("downloaded " + bytes + " bytes of " + where + ", but " + file.size() + " were listed");
        }
        byte[] shaBytes = sha256.digest();
        String etag = stripQuotes(response.eTag());
        if (file.identity() != null && etag != null && !etag.equals(file.identity())) {
            throw new IOException(where + " changed while downloading: ETag " + etag + ", listed " + file.identity());
        }
        String md5Hex = Digests.hex(md5.digest());
        if (etag != null && etag.matches("[0-9a-f]{32}") && !etag.equals(md5Hex)) {
            throw new IOException("download of " + where + " is corrupt: its MD5 is " + md5Hex + " but its ETag is " + etag);
        }
        String checksum = response.checksumSHA256();
        if (checksum != null && !checksum.contains("-")) {
            String actual = Base64.getEncoder().encodeToString(shaBytes);
            if (!actual.equals(checksum)) {
                throw new IOException("download of " + where + " is corrupt: its SHA-256 is " + actual
                    + " (base64) but the object's checksum is " + checksum);
            }
        }
        return Digests.hex(shaBytes);
    }

    /** The digests of a cached copy if it holds exactly these objects, unaltered; else empty. */
    private static Optional<Map<String, String>> verifyCached(Path dir, VersionListing version) throws IOException {
        Path manifest = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
        if (lines.size() != version.files().size()) {
            return Optional.empty();
        }
        Map<String, String> digests = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            RepositoryFile file = version.files().get(i);
            String[] fields = lines.get(i).split("\t", -1);
            if (fields.length != 4 || !fields[0].equals(file.path()) || !fields[1].equals(Long.toString(file.size()))
                || !fields[2].equals(String.valueOf(file.identity()))) {
                return Optional.empty();
            }
            Path cached = dir.resolve(RepositoryLayout.checkRelativeFile(file.path()));
            if (!Files.isRegularFile(cached) || Files.size(cached) != file.size()
                || !Digests.sha256(cached).equals(fields[3])) {
                return Optional.empty();
            }
            digests.put(file.path(), fields[3]);
        }
        return Optional.of(digests);
    }

    private static void writeManifest(Path file, VersionListing version, Map<String, String> digests) throws IOException {
        List<String> lines = new ArrayList<>();
        for (RepositoryFile f : version.files()) {
            lines.add(f.path() + "\t" + f.size() + "\t" + f.identity() + "\t" + digests.get(f.path()));
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    /** Distinguishes repositories sharing one cache directory. */
    private String repositoryId() {
        return Digests.sha256((options.endpoint() + "|" + location()).getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** S3 objects are immutable once written and versions are loaded from the private cache copy. */
    @Override
    public boolean isUnchanged(String model, VersionListing version) {
        return true;
    }

    @Override
    public void close() {
        s3.close();
    }

    @Override
    public String toString() {
        return "S3ModelRepository(" + options + ")";
    }
}
