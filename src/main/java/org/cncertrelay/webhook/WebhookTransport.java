package org.cncertrelay.webhook;

import java.io.IOException;
import java.time.Duration;

/** Sends one request; the dispatcher neither knows nor cares how. */
public interface WebhookTransport {

    /**
     * @throws IOException on connection failures and timeouts, which the dispatcher retries: a
     *                     {@link java.net.ConnectException}, {@link java.net.UnknownHostException},
     *                     {@link java.net.NoRouteToHostException} or {@link java.net.http.HttpConnectTimeoutException}
     *                     (or one caused by them) when the request surely did not leave, as often as the retry
     *                     policy allows; any other only {@link RetryPolicy#unansweredResends()} times, as the
     *                     receiver may have it
     */
    HttpReply post(WebhookRequest request, Duration timeout) throws IOException, InterruptedException;
}
