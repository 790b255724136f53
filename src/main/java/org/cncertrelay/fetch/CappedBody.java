package org.cncertrelay.fetch;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body gathered in memory, refused (and the exchange cancelled) once it passes {@code maxBytes}. The
 * array is sized by the declared Content-Length, so a page of hundreds of KB is copied once, not regrown.
 */
final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {

    private final long maxBytes;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private byte[] bytes;
    private int count;
    private Flow.Subscription subscription;

    /** @param declaredBytes the Content-Length, at most {@code maxBytes}; -1 when not declared */
    CappedBody(long maxBytes, long declaredBytes) {
        this.maxBytes = maxBytes;
        this.bytes = new byte[declaredBytes >= 0 ? (int) declaredBytes : 64 * 1024];
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        for (ByteBuffer buffer : buffers) {
            int chunk = buffer.remaining();
            if (count + (long) chunk > maxBytes) {
                subscription.cancel();
                result.completeExceptionally(new TooLarge());
                return;
            }
            if (count + chunk > bytes.length) {
                bytes = Arrays.copyOf(bytes, (int) Math.min(maxBytes, Math.max(2L * bytes.length, count + chunk)));
            }
            buffer.get(bytes, count, chunk);
            count += chunk;
        }
    }

    @Override
    public void onError(Throwable failure) {
        result.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
        result.complete(count == bytes.length ? bytes : Arrays.copyOf(bytes, count));
    }
}
