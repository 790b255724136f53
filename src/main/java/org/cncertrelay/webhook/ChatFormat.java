package org.cncertrelay.webhook;

import java.time.Instant;

/**
 * A chat tool's format: it marks up the {@link ReportSummary} every chat target shares (the generic payload sends
 * the full record instead).
 */
abstract class ChatFormat implements WebhookFormat {

    protected final WebhookTarget target;

    ChatFormat(WebhookTarget target) {
        this.target = target;
    }

    @Override
    public final WebhookRequest render(Delivery delivery, Instant now) {
        return render(new ReportSummary(delivery.report(), delivery.previous(), target.messages()), now);
    }

    /** Renders (and signs, at {@code now}) the request for one attempt. */
    abstract WebhookRequest render(ReportSummary summary, Instant now);
}
