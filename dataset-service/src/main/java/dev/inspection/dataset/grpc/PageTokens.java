package dev.inspection.dataset.grpc;

import dev.inspection.api.common.v1.PageRequest;
import dev.inspection.dataset.domain.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Keyset paging: a page token is the opaque (base64url) sort key of the last item returned, so
 * pages stay stable while rows are added and no OFFSET scan is needed.
 */
final class PageTokens {
    static final int DEFAULT_PAGE_SIZE = 100;
    static final int MAX_PAGE_SIZE = 1000;

    private PageTokens() {
    }

    static int pageSize(PageRequest page) {
        int size = page.getPageSize();
        if (size < 0) {
            throw new InvalidInputException("page.page_size must not be negative");
        }
        return size == 0 ? DEFAULT_PAGE_SIZE : Math.min(size, MAX_PAGE_SIZE);
    }

    /** The key to continue after ("" for the first page). */
    static String after(PageRequest page) {
        String token = page.getPageToken();
        if (token.isEmpty()) {
            return "";
        }
        try {
            String key = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (key.isEmpty() || key.length() > 128) {
                throw new IllegalArgumentException("bad key length");
            }
            return key;
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("page.page_token is not a token returned by this service");
        }
    }

    static String tokenFor(String lastKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastKey.getBytes(StandardCharsets.UTF_8));
    }
}
