package io.lcnnserve.service.errors;

/** A request body, or one part of it, is larger than the configured limit. */
public class PayloadTooLargeException extends RuntimeException {
    public PayloadTooLargeException(String what, long limitBytes, long actualBytes) {
        super(what + " is " + (actualBytes < 0 ? "larger than " + limitBytes : actualBytes) + " bytes; the limit is "
            + limitBytes + " bytes");
    }
}
