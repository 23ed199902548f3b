package io.lcnnserve.service.security;

/** A management call came without a bearer token. */
public class AuthenticationRequiredException extends RuntimeException {
    public AuthenticationRequiredException(String message) {
        super(message);
    }
}
