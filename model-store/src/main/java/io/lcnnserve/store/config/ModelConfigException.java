package io.lcnnserve.store.config;

/**
 * A model's config file is unreadable or holds an unknown key or a bad value. The message names
 * the file, the key (dotted path, e.g. {@code preprocessing.resizeMode}) and what is allowed.
 */
public class ModelConfigException extends RuntimeException {
    private final String file;
    private final String key;

    public ModelConfigException(String file, String key, String problem) {
        super(file + (key == null ? "" : ": key '" + key + "'") + ": " + problem);
        this.file = file;
        this.key = key;
    }

    public ModelConfigException(String file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
        this.key = null;
    }

    /** The config file, as the repository names it. */
    public String file() {
        return file;
    }

    /** The offending key as a dotted path, or null when the file as a whole is at fault. */
    public String key() {
        return key;
    }
}
