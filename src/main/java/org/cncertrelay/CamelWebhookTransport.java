package org.cncertrelay;

import java.io.IOException;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.cncertrelay.webhook.HttpReply;
import org.cncertrelay.webhook.WebhookRequest;
import org.cncertrelay.webhook.WebhookTransport;

/**
 * Sends the dispatcher's requests through the {@code webhook-post} route (camel-http). Deliveries resumed at
 * start-up wait here until Camel has started.
 */
final class CamelWebhookTransport implements WebhookTransport {

    private final CountDownLatch started = new CountDownLatch(1);
    private volatile ProducerTemplate template;

    void start(ProducerTemplate camel) {
        this.template = camel;
        started.countDown();
    }

    @Override
    public HttpReply post(WebhookRequest request, Duration timeout) throws IOException, InterruptedException {
        started.await();
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
}
