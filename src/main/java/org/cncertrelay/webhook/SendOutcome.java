package org.cncertrelay.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/** How one attempt ended, as far as the receiver's answer tells. */
sealed interface SendOutcome {

    record Delivered() implements SendOutcome {
    }

    /** Try again later; {@code after} is the receiver's own hint (Retry-After, retry_after) or null. */
    record Retry(String reason, Duration after) implements SendOutcome {
    }

    /** Sending the same request again cannot succeed (bad token, bad sign, rejected payload). */
    record Permanent(String reason) implements SendOutcome {
    }

    /**
     * The request left but no answer came (connection reset, answer timed out): the receiver may have the message,
     * so sending it again may show it twice.
     */
    record Unanswered(String reason) implements SendOutcome {
    }

    /**
     * A send that failed without an answer. Only a failure to connect proves the request never left (retried like
     * a 5xx); any later one may have come after the receiver read it.
     */
    static SendOutcome fromFailure(IOException failure, String reason) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof UnknownHostException
                    || cause instanceof NoRouteToHostException || cause instanceof HttpConnectTimeoutException) {
                return new Retry(reason, null);
            }
        }
        return new Unanswered(reason);
    }

    /** The rules all receivers share: 2xx ok, 429 and 5xx later (honouring Retry-After), other statuses never. */
    static SendOutcome fromStatus(HttpReply reply) {
        if (reply.isSuccess()) {
            return new Delivered();
        }
        String reason = "HTTP " + reply.status() + ": " + reply.bodySnippet();
        if (reply.status() == 429 || reply.status() == 408 || reply.status() >= 500) {
            return new Retry(reason, reply.retryAfterDelay(Instant.now()).orElse(null));
        }
        return new Permanent(reason);
    }

    /**
     * For the Chinese robots (DingTalk, Feishu, WeCom), which answer HTTP 200 even when they refuse a message:
     * only an error code of 0 in the JSON body is a delivery.
     *
     * @param codeFields where the code may be, first present wins (Feishu's older API says {@code StatusCode})
     */
    static SendOutcome fromErrorCode(HttpReply reply, Set<Integer> retryableCodes, String... codeFields) {
        SendOutcome byStatus = fromStatus(reply);
        if (!(byStatus instanceof Delivered)) {
            return byStatus;
        }
        JsonNode body = Json.parseOrNull(reply.body() == null ? "" : reply.body());
        if (body != null) {
            for (String field : codeFields) {
                JsonNode code = body.get(field);
                if (code != null && code.canConvertToInt()) {
                    String reason = field + " " + code.intValue() + ": " + reply.bodySnippet();
                    if (code.intValue() == 0) {
                        return new Delivered();
                    }
                    return retryableCodes.contains(code.intValue()) ? new Retry(reason, null) : new Permanent(reason);
                }
            }
        }
        return new Permanent("HTTP " + reply.status() + " without an error code: " + reply.bodySnippet());
    }
}
