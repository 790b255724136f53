package org.cncertrelay;

import java.io.IOException;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.cncertrelay.webhook.HttpReply;
import org.cncertrelay.webhook.WebhookRequest;
import org.cncertrelay.webhook.WebhookSettings;
import org.cncertrelay.webhook.WebhookTransport;

/**
 * Sends the dispatcher's requests: chat messages through the {@code webhook-post} route (camel-http), records for
 * a sink ({@code relay-sink:<route id>}) to the endpoint its route starts from, so user sinks share the chat
 * targets' outbox, retries and dead letters. Deliveries resumed at start-up wait here until Camel has started.
 */
final class CamelWebhookTransport implements WebhookTransport {

    private final CountDownLatch started = new CountDownLatch(1);
    private volatile ProducerTemplate template;
    /** Sink route id to the endpoint the route consumes from. */
    private volatile Map<String, String> sinkEndpoints = Map.of();

    void start(ProducerTemplate camel, Map<String, String> sinkEndpoints) {
        this.template = camel;
        this.sinkEndpoints = Map.copyOf(sinkEndpoints);
        started.countDown();
    }

    @Override
    public HttpReply post(WebhookRequest request, Duration timeout) throws IOException, InterruptedException {
        started.await();
        if (WebhookSettings.SINK_SCHEME.equals(request.uri().getScheme())) {
            return toSink(request);
        }
        Exchange answer = template.request("direct:webhook-post", exchange -> {
            Message message = exchange.getIn();
            message.setHeader(Exchange.HTTP_URI, request.uri().toString());
            message.setHeader(Exchange.CONTENT_TYPE, "application/json; charset=utf-8");
            request.headers().forEach(message::setHeader);
            message.setBody(request.body());
        });
        if (answer.getException() != null) {
            Exception failure = answer.getException();
            if (failure instanceof ConnectTimeoutException) {
                // never connected, so the request did not leave: said in the JDK's terms the dispatcher knows
                throw (IOException) new HttpConnectTimeoutException(failure.getMessage()).initCause(failure);
            }
            throw failure instanceof IOException io ? io : new IOException(failure.getMessage(), failure);
        }
        Message reply = answer.getMessage();
        Integer status = reply.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (status == null) {
            throw new IOException("no HTTP status in the answer");
        }
        return new HttpReply(status, reply.getBody(String.class), reply.getHeader("Retry-After", String.class));
    }

    /**
     * Runs the sink's route on this thread (its {@code direct:} endpoint), so the route's outcome is the delivery's:
     * completed is delivered (200), an exception is retried with backoff like a 503, then dead-lettered (but the
     * CSV's, whose retries do not run out).
     */
    private HttpReply toSink(WebhookRequest request) {
        String route = request.uri().getSchemeSpecificPart();
        String endpoint = sinkEndpoints.get(route);
        if (endpoint == null) {
            return new HttpReply(503, "no route " + route + " is loaded", null);
        }
        Exchange answer = template.send(endpoint, exchange -> {
            Message message = exchange.getIn();
            request.headers().forEach(message::setHeader);
            message.setBody(request.bodyText());
        });
        Exception failure = answer.getException();
        if (failure != null) {
            return new HttpReply(503, "route " + route + " failed: " + failure, null);
        }
        return new HttpReply(200, "", null);
    }
}
