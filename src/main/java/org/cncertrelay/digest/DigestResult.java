package org.cncertrelay.digest;

import java.util.List;
import java.util.Map;
import org.cncertrelay.report.ReportKey;

/**
 * What one {@link DigestService#sendDigest} call did.
 *
 * @param status   the overall state after the call
 * @param issues   issues of the digests this call worked on, newest first
 * @param sentTo   subscribers whose copy was accepted (or written to the outbox) during this call
 * @param rejected subscribers refused for good during this call, with the server's reason
 * @param summary  one human sentence, for the CLI and logs
 */
public record DigestResult(Status status, List<ReportKey> issues, List<String> sentTo, Map<String, String> rejected,
                           String summary) {

    public enum Status {
        /** Every digest is done: each subscriber was sent a copy or refused for good. */
        SENT,
        /** No issue that an earlier digest lacked; nothing was sent. */
        NOTHING_NEW,
        /** A digest still owes copies (server unreachable or a subscriber deferred); the next call retries. */
        PENDING
    }

    public DigestResult {
        issues = List.copyOf(issues);
        sentTo = List.copyOf(sentTo);
        rejected = Map.copyOf(rejected);
    }
}
