package org.cncertrelay.webhook;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** {@link WebhookTransport} over the JDK's HttpClient. */
public final class JdkHttpTransport implements WebhookTransport {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            // A redirected webhook is a misconfigured one: fail visibly instead of posting somewhere else.
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    @Override
    public HttpReply post(WebhookRequest request, Duration timeout) throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri())
                .timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach(builder::header);
        HttpResponse<String> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        return new HttpReply(response.statusCode(), response.body(),
                response.headers().firstValue("Retry-After").orElse(null));
    }
}
