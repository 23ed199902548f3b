package io.lcnnserve.store.repository;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A repository in a local directory. Symbolic links are allowed only where they stay inside:
 * model and version directories must resolve inside the repository root, and the files of a
 * version inside that version's directory; anything else is reported as the model's or version's
 * problem and never loaded.
 */
public final class LocalModelRepository implements ModelRepository {
    private static final int MAX_DEPTH = 8;
    private static final int MAX_FILES_PER_VERSION = 10_000;

    private final Path root;

    public LocalModelRepository(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    @Override
    public String location() {
        return root.toString();
    }

    @Override
    public List<String> modelNames() throws IOException {
        Path realRoot = realRoot();
        try (Stream<Path> entries = Files.list(realRoot)) {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                .filter(RepositoryLayout::isModelName).sorted().toList();
        }
    }

    @Override
    public Optional<ModelListing> list(String model) throws IOException {
        RepositoryLayout.checkModelName(model);
        Path realRoot = realRoot();
        Path dir = realRoot.resolve(model);
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        Path realDir = dir.toRealPath();
        if (!realDir.startsWith(realRoot)) {
            return Optional.of(ModelListing.invalid(model, "model directory " + dir + " is a link to " + realDir
                + ", outside the repository root " + realRoot));
        }
        List<RepositoryFile> configs = new ArrayList<>();
        RepositoryFile labels = null;
        Map<Long, VersionListing> versions = new TreeMap<>();
        List<Path> entries;
        try (Stream<Path> s = Files.list(realDir)) {
            entries = s.sorted().toList();
        }
        for (Path entry : entries) {
            String name = entry.getFileName().toString();
            OptionalLong version = RepositoryLayout.parseVersion(name);
            if (version.isPresent() && Files.isDirectory(entry)) {
                versions.put(version.getAsLong(), listVersion(realRoot, entry, version.getAsLong()));
            } else if (RepositoryLayout.CONFIG_FILES.contains(name) || name.equals(RepositoryLayout.LABELS_FILE)) {
                Path real = entry.toRealPath();
                if (!real.startsWith(realDir) || !Files.isRegularFile(real)) {
                    return Optional.of(ModelListing.invalid(model, "model file " + entry + " is not a regular file inside the"
                        + " model directory (it resolves to " + real + ")"));
                }
                RepositoryFile file = describe(name, real);
                if (name.equals(RepositoryLayout.LABELS_FILE)) {
                    labels = file;
                } else {
                    configs.add(file);
                }
            }
        }
        if (configs.size() > 1) {
            return Optional.of(ModelListing.invalid(model, "model directory " + realDir + " has more than one config file "
                + configs.stream().map(RepositoryFile::path).toList() + "; keep one"));
        }
        return Optional.of(new ModelListing(model, configs.isEmpty() ? null : configs.getFirst(), labels,
            new TreeMap<>(versions), null));
    }

    private VersionListing listVersion(Path realRoot, Path versionDir, long version) throws IOException {
        Path realVersionDir = versionDir.toRealPath();
        if (!realVersionDir.startsWith(realRoot)) {
            return VersionListing.invalid(version, "version directory " + versionDir + " is a link to " + realVersionDir
                + ", outside the repository root " + realRoot);
        }
        List<RepositoryFile> files = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Files.walkFileTree(realVersionDir, EnumSet.noneOf(java.nio.file.FileVisitOption.class), MAX_DEPTH,
            new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return !dir.equals(realVersionDir) && dir.getFileName().toString().startsWith(".")
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    String relative = relative(realVersionDir, file);
                    if (RepositoryLayout.isHidden(relative)) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (files.size() >= MAX_FILES_PER_VERSION) {
                        problems.add("more than " + MAX_FILES_PER_VERSION + " files");
                        return FileVisitResult.TERMINATE;
                    }
                    Path target = file;
                    if (attrs.isSymbolicLink()) {
                        try {
                            target = file.toRealPath();
                        } catch (NoSuchFileException e) {
                            problems.add("file '" + relative + "' is a broken link");
                            return FileVisitResult.CONTINUE;
                        }
                        if (!target.startsWith(realVersionDir) || !Files.isRegularFile(target)) {
                            problems.add("file '" + relative + "' is a link to " + target
                                + ", which is not a file inside the version directory " + realVersionDir);
                            return FileVisitResult.CONTINUE;
                        }
                    } else if (!attrs.isRegularFile()) {
                        return FileVisitResult.CONTINUE;
                    }
                    files.add(describe(relative, target));
                    return FileVisitResult.CONTINUE;
                }
            });
        if (!problems.isEmpty()) {
            return VersionListing.invalid(version, String.join("; ", problems));
        }
        return new VersionListing(version, files, null);
    }

    private static String relative(Path dir, Path file) {
        return dir.relativize(file).toString().replace(java.io.File.separatorChar, '/');
    }

    private static RepositoryFile describe(String relative, Path realFile) throws IOException {
        BasicFileAttributes attrs = Files.readAttributes(realFile, BasicFileAttributes.class);
        Object key = attrs.fileKey();
        return new RepositoryFile(relative, attrs.size(), attrs.lastModifiedTime().toInstant(),
            key == null ? null : key.toString());
    }

    @Override
    public byte[] read(String model, RepositoryFile file, long maxBytes) throws IOException {
        Path path = modelDir(model).resolve(RepositoryLayout.checkModelLevelFile(file.path()));
        long size = Files.size(path);
        if (size > maxBytes) {
            throw new IOException(path + " is " + size + " bytes, above the limit of " + maxBytes);
        }
        try (InputStream in = Files.newInputStream(path)) {
            return in.readNBytes((int) maxBytes + 1);
        }
    }

    @Override
    public FetchedVersion fetch(String model, VersionListing version, Path cacheDir) throws IOException {
        Path dir = modelDir(model).resolve(Long.toString(RepositoryLayout.checkVersion(version.version()))).toRealPath();
        Map<String, String> digests = new LinkedHashMap<>();
        for (RepositoryFile file : version.files()) {
            digests.put(file.path(), Digests.sha256(dir.resolve(RepositoryLayout.checkRelativeFile(file.path()))));
        }
        return new FetchedVersion(dir, digests);
    }

    @Override
    public boolean isUnchanged(String model, VersionListing version) throws IOException {
        Path dir = modelDir(model).resolve(Long.toString(version.version()));
        if (!Files.isDirectory(dir)) {
            return false;
        }
        return listVersion(realRoot(), dir, version.version()).fingerprint().equals(version.fingerprint());
    }

    private Path modelDir(String model) throws IOException {
        return realRoot().resolve(RepositoryLayout.checkModelName(model));
    }

    private Path realRoot() throws IOException {
        return root.toRealPath();
    }

    @Override
    public String toString() {
        return "LocalModelRepository(" + root + ")";
    }
}
