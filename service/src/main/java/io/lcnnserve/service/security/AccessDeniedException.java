package io.lcnnserve.service.security;

/** A management call's token is wrong, or management is disabled because no token is configured. */
public class AccessDeniedException extends RuntimeException {
    public AccessDeniedException(String message) {
        super(message);
    }
}
