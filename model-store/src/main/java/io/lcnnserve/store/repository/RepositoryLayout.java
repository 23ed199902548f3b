package io.lcnnserve.store.repository;

import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The repository layout and the rules every name in it must follow.
 *
 * <ul>
 *   <li>Model names: 1-128 characters from {@code A-Z a-z 0-9 . _ -}, starting with a letter or digit
 *       (so never {@code .}, {@code ..}, hidden, or containing a separator).</li>
 *   <li>Versions: positive integers written without leading zeros ({@code 1}, {@code 12}); other
 *       directory names are ignored.</li>
 *   <li>Files of a version: relative paths whose segments are plain names (no {@code ..},
 *       {@code .}, empty segments, backslashes or drive letters). Hidden files (a segment starting
 *       with '.') are not part of the version.</li>
 *   <li>Completeness: a version is only visible once it has {@code model.onnx}, no file whose name
 *       marks an unfinished copy ({@link #isUnfinishedCopy}), and every file has been unmodified
 *       for the manager's settle time. Writers that copy in place therefore never expose a partial
 *       version; writers that copy to a hidden or {@code .tmp} name and rename are seen at once.</li>
 * </ul>
 */
public final class RepositoryLayout {
    public static final String MODEL_FILE = "model.onnx";
    public static final String LABELS_FILE = "labels.txt";
    public static final List<String> CONFIG_FILES = List.of("config.yaml", "config.yml", "config.json");

    private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern VERSION = Pattern.compile("[1-9][0-9]{0,17}");
    private static final Pattern FILE_SEGMENT = Pattern.compile("[^/\\\\:\\x00-\\x1f]{1,255}");
    private static final List<String> UNFINISHED_SUFFIXES = List.of(".tmp", ".temp", ".part", ".partial", ".download",
        ".crdownload", ".filepart", ".uploading");

    private RepositoryLayout() {
    }

    public static boolean isModelName(String name) {
        return name != null && MODEL_NAME.matcher(name).matches();
    }

    /** Returns {@code name} if it is a valid model name, else throws saying why. */
    public static String checkModelName(String name) {
        if (!isModelName(name)) {
            throw new UnsafePathException("model name '" + name + "' is not allowed: use 1-128 characters from A-Z a-z 0-9"
                + " . _ -, starting with a letter or digit (no paths)");
        }
        return name;
    }

    /** The version a directory name denotes, or empty when the name is not a version. */
    public static OptionalLong parseVersion(String segment) {
        return segment != null && VERSION.matcher(segment).matches() ? OptionalLong.of(Long.parseLong(segment))
            : OptionalLong.empty();
    }

    public static long checkVersion(long version) {
        if (version < 1) {
            throw new UnsafePathException("version " + version + " is not allowed: versions are positive integers");
        }
        return version;
    }

    /**
     * Returns {@code path} if it is a safe relative file path inside a version directory, else
     * throws saying why.
     */
    public static String checkRelativeFile(String path) {
        if (path.isEmpty() || path.startsWith("/") || path.endsWith("/")) {
            throw new UnsafePathException("'" + path + "' is not a relative file path");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) {
                throw new UnsafePathException("'" + path + "' contains a '" + segment + "' segment (path traversal)");
            }
            if (!FILE_SEGMENT.matcher(segment).matches()) {
                throw new UnsafePathException("'" + path + "' has an empty or disallowed segment '" + segment
                    + "' (no backslashes, colons or control characters)");
            }
        }
        return path;
    }

    /** Returns {@code name} if it is the config or labels file name of a model directory, else throws. */
    public static String checkModelLevelFile(String name) {
        if (!CONFIG_FILES.contains(name) && !name.equals(LABELS_FILE)) {
            throw new UnsafePathException("'" + name + "' is not a model-level file; expected one of " + CONFIG_FILES
                + " or " + LABELS_FILE);
        }
        return name;
    }

    /** Whether any segment of a relative path is hidden (starts with '.'). */
    public static boolean isHidden(String relativePath) {
        for (String segment : relativePath.split("/")) {
            if (segment.startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    /** Whether a file name says that a copy or download of it is still going on. */
    public static boolean isUnfinishedCopy(String relativePath) {
        String lower = relativePath.toLowerCase(java.util.Locale.ROOT);
        return UNFINISHED_SUFFIXES.stream().anyMatch(lower::endsWith);
    }
}
