package io.lcnnserve.store.repository;

import java.time.Instant;

/**
 * One file of a model as the repository lists it.
 *
 * @param path         relative to the model directory's version directory (for version files) or to
 *                     the model directory (config, labels), with '/' separators
 * @param size         bytes
 * @param lastModified when the file (object) was last written
 * @param identity     what else identifies this content: the object's ETag on S3, the file key
 *                     (device and inode) on a local disk; null when unknown
 */
public record RepositoryFile(String path, long size, Instant lastModified, String identity) {

    /** Changes whenever the file is rewritten, replaced or resized. */
    public String fingerprint() {
        return path + "|" + size + "|" + lastModified + "|" + identity;
    }
}
