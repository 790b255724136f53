package org.cncertrelay.webhook;

import java.io.IOException;
import java.time.Duration;

/** Sends one request; the dispatcher neither knows nor cares how. */
public interface WebhookTransport {

    /**
     * @throws IOException on connection failures and timeouts, which the dispatcher retries
     */
    HttpReply post(WebhookRequest request, Duration timeout) throws IOException, InterruptedException;
}
