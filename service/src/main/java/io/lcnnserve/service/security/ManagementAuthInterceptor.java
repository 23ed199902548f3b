package io.lcnnserve.service.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Guards the model-management calls with a bearer token. Without a configured token management is
 * closed (403 for everyone), never open; with one, a missing token is 401 and a wrong one 403.
 */
public final class ManagementAuthInterceptor implements HandlerInterceptor {
    private static final String BEARER = "Bearer ";

    private final byte[] token;

    /** @param token the expected token, or null to refuse every management call */
    public ManagementAuthInterceptor(String token) {
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (token == null) {
            throw new AccessDeniedException("model management is disabled: no management token is configured "
                + "(set LCNN_MANAGEMENT_TOKEN or lcnn.management-token)");
        }
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            throw new AuthenticationRequiredException("model management needs an 'Authorization: Bearer <token>' header");
        }
        if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new AuthenticationRequiredException("model management needs a Bearer token, got another "
                + "authorization scheme");
        }
        byte[] given = header.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(token, given)) {
            throw new AccessDeniedException("the management token is not valid");
        }
        return true;
    }
}
